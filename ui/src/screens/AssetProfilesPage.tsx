// TENANT_ADMIN: asset profiles (name and description); one of them is the default for new assets.
import { assetProfileApi } from '../api/endpoints';
import type { AssetProfile } from '../api/types';
import { createdColumn, nameColumn } from '../components/columns';
import type { Column } from '../components/DataTable';
import { dash } from '../components/format';
import { NamedEntityListPage } from '../components/NamedEntityListPage';

const columns: Column<AssetProfile>[] = [
  createdColumn(),
  nameColumn('Name', 'name', (p) => p.name, { text: 'Default', shown: (p) => p.default }),
  { key: 'description', header: 'Description', render: (p) => dash(p.description) },
];

export function AssetProfilesPage() {
  return (
    <NamedEntityListPage<AssetProfile>
      title="Asset profiles"
      noun="asset profile"
      columns={columns}
      fetchPage={assetProfileApi.list}
      nameOf={(p) => p.name}
      descriptionOf={(p) => p.description ?? ''}
      save={(profile, name, description) => assetProfileApi.save({ ...(profile ?? {}), name, description: description || null })}
      remove={assetProfileApi.remove}
      deleteNote="? A profile that assets still use cannot be deleted."
      mark={{
        isMarked: (p) => !!p.default,
        label: 'Make default',
        confirmTitle: 'Make default',
        message: (name) => <>Make {name} the default asset profile? New assets without a profile get it.</>,
        run: assetProfileApi.setDefault,
        deleteBlocked: 'The default profile cannot be deleted',
      }}
    />
  );
}
