import { assetApi, assetProfileApi } from '../api/endpoints';
import type { Asset } from '../api/types';
import type { AssignableKind } from './assignable';

export const assetKind: AssignableKind<Asset> = {
  noun: 'asset',
  title: 'Assets',
  route: '/assets',
  api: assetApi,
  form: {
    noun: 'asset',
    profileLabel: 'Asset profile',
    profileOf: (a) => a.assetProfileId?.id,
    withProfile: (a, id) => ({ ...a, assetProfileId: { entityType: 'ASSET_PROFILE', id } }),
    fetchProfiles: assetProfileApi.list,
    save: assetApi.save,
  },
};
