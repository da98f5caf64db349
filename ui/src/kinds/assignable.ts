// Devices and assets are managed the same way: a tenant administrator creates, edits, assigns to
// a customer, unassigns and deletes them; a customer user reads those of its customer. A kind
// names what differs (words, routes, API, form) for the shared list and details screens.
import type { EntityId, PageData, PageQuery } from '../api/types';
import type { ProfiledEntity, ProfiledEntityForm } from '../dialogs/ProfiledEntityDialog';

export interface AssignableEntity extends ProfiledEntity {
  id?: EntityId;
  createdTime?: number;
  customerId?: EntityId<'CUSTOMER'> | null;
}

export interface AssignableKind<T extends AssignableEntity> {
  /** Lower-case singular: 'device'. */
  noun: string;
  /** The list's title: 'Devices'. */
  title: string;
  /** The list route; details are at `${route}/:id`. */
  route: string;
  api: {
    tenantList: (q: PageQuery) => Promise<PageData<T>>;
    customerList: (customerId: string, q: PageQuery) => Promise<PageData<T>>;
    get: (id: string) => Promise<T>;
    assign: (customerId: string, id: string) => Promise<T>;
    unassign: (id: string) => Promise<void>;
    remove: (id: string) => Promise<void>;
  };
  form: ProfiledEntityForm<T>;
  /** Said when asking before a delete, e.g. what stops working. */
  deleteWarning?: string;
}
