// Assets: the shared device/asset list.
import { AssignableListPage } from '../components/AssignableListPage';
import { assetKind } from '../kinds/assetKind';

export function AssetsPage() {
  return <AssignableListPage kind={assetKind} />;
}
