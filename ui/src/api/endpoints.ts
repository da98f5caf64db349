// One function per REST call the UI makes, grouped by entity family.
import { api, pageQuery } from './client';
import type {
  Alarm,
  AlarmSearchStatus,
  Asset,
  AssetProfile,
  ClusterNode,
  Customer,
  Dashboard,
  Device,
  DeviceCredentials,
  DeviceProfile,
  EntityId,
  EntityRelationInfo,
  PageData,
  PageQuery,
  RuleChain,
  RuleChainMetaData,
  Tenant,
  TokenPair,
  User,
} from './types';

const page = <T>(path: string, query: PageQuery) =>
  api.get<PageData<T>>(path, { query: pageQuery(query) });
const enc = encodeURIComponent;

export const authApi = {
  login: (username: string, password: string) =>
    api.post<TokenPair>('/api/auth/login', { username, password }, { auth: false }),
  logout: () => api.post<void>('/api/auth/logout', undefined, { response: 'none' }),
  currentUser: () => api.get<User>('/api/auth/user'),
  activate: (activateToken: string, password: string) =>
    api.post<TokenPair>('/api/noauth/activate', { activateToken, password }, { auth: false }),
};

/** Tenants and customers: owners of users, edited the same way. */
function ownerApi<T>(singular: 'tenant' | 'customer') {
  return {
    list: (q: PageQuery) => page<T>(`/api/${singular}s`, q),
    get: (id: string) => api.get<T>(`/api/${singular}/${enc(id)}`),
    save: (entity: T) => api.post<T>(`/api/${singular}`, entity),
    remove: (id: string) => api.delete(`/api/${singular}/${enc(id)}`),
    users: (ownerId: string, q: PageQuery) => page<User>(`/api/${singular}/${enc(ownerId)}/users`, q),
  };
}

export const tenantApi = ownerApi<Tenant>('tenant');
export const customerApi = ownerApi<Customer>('customer');

export const userApi = {
  save: (user: User) => api.post<User>('/api/user', user, { query: { sendActivationMail: false } }),
  remove: (id: string) => api.delete(`/api/user/${enc(id)}`),
  activationLink: (id: string) =>
    api.get<string>(`/api/user/${enc(id)}/activationLink`, { response: 'text' }),
};

export const deviceApi = {
  tenantList: (q: PageQuery) => page<Device>('/api/tenant/devices', q),
  customerList: (customerId: string, q: PageQuery) =>
    page<Device>(`/api/customer/${enc(customerId)}/devices`, q),
  get: (id: string) => api.get<Device>(`/api/device/${enc(id)}`),
  save: (device: Device) => api.post<Device>('/api/device', device),
  remove: (id: string) => api.delete(`/api/device/${enc(id)}`),
  credentials: (id: string) => api.get<DeviceCredentials>(`/api/device/${enc(id)}/credentials`),
  saveCredentials: (credentials: DeviceCredentials) =>
    api.post<DeviceCredentials>('/api/device/credentials', credentials),
  assign: (customerId: string, id: string) =>
    api.post<Device>(`/api/customer/${enc(customerId)}/device/${enc(id)}`),
  unassign: (id: string) => api.delete(`/api/customer/device/${enc(id)}`),
};

export const deviceProfileApi = {
  list: (q: PageQuery) => page<DeviceProfile>('/api/deviceProfiles', q),
  get: (id: string) => api.get<DeviceProfile>(`/api/deviceProfile/${enc(id)}`),
  save: (profile: DeviceProfile) => api.post<DeviceProfile>('/api/deviceProfile', profile),
  remove: (id: string) => api.delete(`/api/deviceProfile/${enc(id)}`),
  setDefault: (id: string) => api.post<DeviceProfile>(`/api/deviceProfile/${enc(id)}/default`),
};

export const assetProfileApi = {
  list: (q: PageQuery) => page<AssetProfile>('/api/assetProfiles', q),
  save: (profile: AssetProfile) => api.post<AssetProfile>('/api/assetProfile', profile),
  remove: (id: string) => api.delete(`/api/assetProfile/${enc(id)}`),
  setDefault: (id: string) => api.post<AssetProfile>(`/api/assetProfile/${enc(id)}/default`),
};

export const assetApi = {
  tenantList: (q: PageQuery) => page<Asset>('/api/tenant/assets', q),
  customerList: (customerId: string, q: PageQuery) =>
    page<Asset>(`/api/customer/${enc(customerId)}/assets`, q),
  get: (id: string) => api.get<Asset>(`/api/asset/${enc(id)}`),
  save: (asset: Asset) => api.post<Asset>('/api/asset', asset),
  remove: (id: string) => api.delete(`/api/asset/${enc(id)}`),
  assign: (customerId: string, id: string) =>
    api.post<Asset>(`/api/customer/${enc(customerId)}/asset/${enc(id)}`),
  unassign: (id: string) => api.delete(`/api/customer/asset/${enc(id)}`),
};

export const dashboardApi = {
  tenantList: (q: PageQuery) => page<Dashboard>('/api/tenant/dashboards', q),
  customerList: (customerId: string, q: PageQuery) =>
    page<Dashboard>(`/api/customer/${enc(customerId)}/dashboards`, q),
  get: (id: string) => api.get<Dashboard>(`/api/dashboard/${enc(id)}`),
  save: (dashboard: Dashboard) => api.post<Dashboard>('/api/dashboard', dashboard),
  remove: (id: string) => api.delete(`/api/dashboard/${enc(id)}`),
  assign: (customerId: string, id: string) =>
    api.post<Dashboard>(`/api/customer/${enc(customerId)}/dashboard/${enc(id)}`),
  unassign: (customerId: string, id: string) =>
    api.request<Dashboard>('DELETE', `/api/customer/${enc(customerId)}/dashboard/${enc(id)}`),
};

export const ruleChainApi = {
  list: (q: PageQuery) => page<RuleChain>('/api/ruleChains', q),
  get: (id: string) => api.get<RuleChain>(`/api/ruleChain/${enc(id)}`),
  save: (chain: RuleChain) => api.post<RuleChain>('/api/ruleChain', chain),
  metadata: (id: string) => api.get<RuleChainMetaData>(`/api/ruleChain/${enc(id)}/metadata`),
  /** Replaces the nodes and connections of `metadata.ruleChainId`; answers them with node ids. */
  saveMetadata: (metadata: RuleChainMetaData) => api.post<RuleChainMetaData>('/api/ruleChain/metadata', metadata),
  remove: (id: string) => api.delete(`/api/ruleChain/${enc(id)}`),
  setRoot: (id: string) => api.post<RuleChain>(`/api/ruleChain/${enc(id)}/root`),
};

/** Alarms of one entity, or (no entity) all the user may see; newest first. */
export const alarmApi = {
  list: (entity: EntityId | null, searchStatus: AlarmSearchStatus, q: PageQuery) =>
    api.get<PageData<Alarm>>(entity ? `/api/alarm/${enc(entity.entityType)}/${enc(entity.id)}` : '/api/alarms', {
      query: { ...pageQuery(q), searchStatus },
    }),
  ack: (id: string) => api.post<Alarm>(`/api/alarm/${enc(id)}/ack`),
  clear: (id: string) => api.post<Alarm>(`/api/alarm/${enc(id)}/clear`),
  remove: (id: string) => api.delete(`/api/alarm/${enc(id)}`),
};

export type RelationDirection = 'FROM' | 'TO';

export const relationApi = {
  /** FROM: relations whose `from` is the entity; TO: relations pointing at it. */
  list: (entity: EntityId, direction: RelationDirection) =>
    api.get<EntityRelationInfo[]>('/api/relations/info', {
      query:
        direction === 'FROM'
          ? { fromId: entity.id, fromType: entity.entityType }
          : { toId: entity.id, toType: entity.entityType },
    }),
  save: (from: EntityId, to: EntityId, type: string) =>
    api.post<void>(
      '/api/relation',
      { from, to, type, typeGroup: 'COMMON', additionalInfo: {} },
      { response: 'none' },
    ),
  remove: (relation: EntityRelationInfo) =>
    api.delete('/api/relation', {
      query: {
        fromId: relation.from.id,
        fromType: relation.from.entityType,
        relationType: relation.type,
        relationTypeGroup: relation.typeGroup,
        toId: relation.to.id,
        toType: relation.to.entityType,
      },
    }),
};

export const clusterApi = {
  nodes: () => api.get<ClusterNode[]>('/api/cluster/nodes'),
};
