// Wire types of the REST API (field names as in the reference platform; see
// shared/reference/rest-api.md). Only the fields the UI reads or writes are typed; objects are
// posted back whole on update so the server keeps fields the UI does not know.

export type EntityType =
  | 'TENANT'
  | 'CUSTOMER'
  | 'USER'
  | 'DEVICE'
  | 'DEVICE_PROFILE'
  | 'ASSET'
  | 'ASSET_PROFILE'
  | 'DASHBOARD'
  | 'RULE_CHAIN'
  | 'RULE_NODE'
  | 'ALARM'
  | 'ENTITY_VIEW'
  | 'TENANT_PROFILE';

export interface EntityId<T extends EntityType = EntityType> {
  entityType: T;
  id: string;
}

export type Authority = 'SYS_ADMIN' | 'TENANT_ADMIN' | 'CUSTOMER_USER';

/** The reference's "no customer" id; a customerId equal to it (or missing) means unassigned. */
export const NULL_UUID = '13814000-1dd2-11b2-8080-808080808080';

export function isAssigned(id: EntityId | null | undefined): id is EntityId {
  return !!id && !!id.id && id.id !== NULL_UUID;
}

export type AdditionalInfo = ({ description?: string; gateway?: boolean } & Record<string, unknown>) | null;

export interface BaseEntity<T extends EntityType> {
  id?: EntityId<T>;
  createdTime?: number;
  tenantId?: EntityId<'TENANT'>;
  additionalInfo?: AdditionalInfo;
}

export interface PageData<T> {
  data: T[];
  totalPages: number;
  totalElements: number;
  hasNext: boolean;
}

export type SortOrder = 'ASC' | 'DESC';

export interface PageQuery {
  pageSize: number;
  page: number;
  textSearch?: string;
  sortProperty?: string;
  sortOrder?: SortOrder;
}

export interface ContactFields {
  email?: string | null;
  phone?: string | null;
  country?: string | null;
  city?: string | null;
  address?: string | null;
}

export interface Tenant extends BaseEntity<'TENANT'>, ContactFields {
  title: string;
  region?: string;
  name?: string;
}

export interface Customer extends BaseEntity<'CUSTOMER'>, ContactFields {
  title: string;
  name?: string;
}

export interface User extends BaseEntity<'USER'> {
  email: string;
  authority: Authority;
  firstName?: string | null;
  lastName?: string | null;
  customerId?: EntityId<'CUSTOMER'> | null;
  name?: string;
}

/** Devices and assets: named, labelled, typed by a profile, assignable to a customer. */
interface CustomerAssignable<T extends EntityType> extends BaseEntity<T> {
  name: string;
  label?: string | null;
  /** The profile's name. */
  type?: string;
  customerId?: EntityId<'CUSTOMER'> | null;
}

export interface Device extends CustomerAssignable<'DEVICE'> {
  deviceProfileId?: EntityId<'DEVICE_PROFILE'> | null;
}

export type CredentialsType = 'ACCESS_TOKEN' | 'MQTT_BASIC' | 'X509_CERTIFICATE';

export interface DeviceCredentials {
  id?: { id: string };
  createdTime?: number;
  deviceId: EntityId<'DEVICE'>;
  credentialsType: CredentialsType;
  /** The token itself for ACCESS_TOKEN; for the other types a hash the server computes. */
  credentialsId: string | null;
  /** MQTT_BASIC: a JSON *string* {"clientId","userName","password"}; X509_CERTIFICATE: the PEM. */
  credentialsValue: string | null;
}

export type ProvisionType = 'DISABLED' | 'ALLOW_CREATE_NEW_DEVICES' | 'CHECK_PRE_PROVISIONED_DEVICES';

export interface DeviceProfile extends BaseEntity<'DEVICE_PROFILE'> {
  name: string;
  default?: boolean;
  description?: string | null;
  type?: string;
  transportType?: string;
  provisionType?: ProvisionType;
  /** Unique across all tenants; null while provisioning is disabled. */
  provisionDeviceKey?: string | null;
  profileData?: Record<string, unknown> | null;
  defaultRuleChainId?: EntityId<'RULE_CHAIN'> | null;
}

export interface AssetProfile extends BaseEntity<'ASSET_PROFILE'> {
  name: string;
  default?: boolean;
  description?: string | null;
}

export interface Asset extends CustomerAssignable<'ASSET'> {
  assetProfileId?: EntityId<'ASSET_PROFILE'> | null;
}

export interface ShortCustomerInfo {
  customerId: EntityId<'CUSTOMER'>;
  title: string;
  public?: boolean;
}

export interface Dashboard extends BaseEntity<'DASHBOARD'> {
  title: string;
  configuration?: unknown;
  name?: string;
  /** The customers whose users see the dashboard (read from the server, not posted). */
  assignedCustomers?: ShortCustomerInfo[] | null;
}

export interface RuleChain extends BaseEntity<'RULE_CHAIN'> {
  name: string;
  type?: string;
  root?: boolean;
  debugMode?: boolean;
}

/** A node of a rule chain's metadata; `additionalInfo.layoutX/Y` is its place in the editor. */
export interface RuleNode {
  id?: EntityId<'RULE_NODE'>;
  type: string;
  name: string;
  debugMode?: boolean;
  singletonMode?: boolean;
  configuration: Record<string, unknown>;
  additionalInfo?: ({ layoutX?: number; layoutY?: number; description?: string } & Record<string, unknown>) | null;
  [other: string]: unknown;
}

/** A relation between two nodes, by their index in `nodes`. */
export interface NodeConnectionInfo {
  fromIndex: number;
  toIndex: number;
  type: string;
}

/** GET /api/ruleChain/{id}/metadata; POST /api/ruleChain/metadata replaces it whole. */
export interface RuleChainMetaData {
  ruleChainId: EntityId<'RULE_CHAIN'>;
  firstNodeIndex: number | null;
  nodes: RuleNode[];
  connections: NodeConnectionInfo[];
  ruleChainConnections?: unknown;
  [other: string]: unknown;
}

export type AlarmSeverity = 'CRITICAL' | 'MAJOR' | 'MINOR' | 'WARNING' | 'INDETERMINATE';
export type AlarmStatus = 'ACTIVE_UNACK' | 'ACTIVE_ACK' | 'CLEARED_UNACK' | 'CLEARED_ACK';
/** The `searchStatus` of alarm lists. */
export type AlarmSearchStatus = 'ANY' | 'ACTIVE' | 'CLEARED' | 'ACK' | 'UNACK';

export interface Alarm extends BaseEntity<'ALARM'> {
  type: string;
  originator: EntityId;
  /** Given by the reference's AlarmInfo; this server may leave it out. */
  originatorName?: string;
  severity: AlarmSeverity;
  status: AlarmStatus;
  acknowledged?: boolean;
  cleared?: boolean;
  startTs?: number;
  endTs?: number;
  ackTs?: number;
  clearTs?: number;
  details?: unknown;
  customerId?: EntityId<'CUSTOMER'>;
}

export interface EntityRelationInfo {
  from: EntityId;
  to: EntityId;
  type: string;
  typeGroup?: string;
  additionalInfo?: unknown;
  fromName?: string;
  toName?: string;
}

/** GET /api/cluster/nodes (system administrator): one per server process; standalone, just this one. */
export interface ClusterNode {
  id: string;
  serviceTypes: string[];
  /** Empty when the node takes no calls from its peers (standalone). */
  grpcAddress: string;
  ready: boolean;
  /** Queue name → the partitions of that queue this node consumes. */
  partitions: Record<string, number[]>;
}

export interface TokenPair {
  token: string;
  refreshToken: string;
}

/** The error body of every failed call: {status, message, errorCode, timestamp}. */
export interface ErrorBody {
  status?: number;
  message?: string;
  errorCode?: number;
  timestamp?: number;
}
