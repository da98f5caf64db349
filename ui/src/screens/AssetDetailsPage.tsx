// One asset: its fields and its relations.
import { useParams } from 'react-router-dom';
import { AssignableDetailsPage } from '../components/AssignableDetailsPage';
import { assetKind } from '../kinds/assetKind';

export function AssetDetailsPage() {
  const { assetId = '' } = useParams();
  return <AssignableDetailsPage kind={assetKind} id={assetId} />;
}
