// Shows a customer's title for a customerId (or "—" when unassigned). Titles are fetched once
// per id and shared by every cell that shows it.
import { useEffect, useState } from 'react';
import { customerApi } from '../api/endpoints';
import { isAssigned, type EntityId } from '../api/types';

const titles = new Map<string, Promise<string>>();

function titleOf(id: string): Promise<string> {
  let title = titles.get(id);
  if (!title) {
    title = customerApi.get(id).then(
      (c) => c.title,
      () => {
        titles.delete(id); // try again next time
        return 'Unknown customer';
      },
    );
    titles.set(id, title);
  }
  return title;
}

/** Forget a title after the customer was renamed or deleted. */
export function forgetCustomerTitle(id: string): void {
  titles.delete(id);
}

export function CustomerName({ id }: { id: EntityId | null | undefined }) {
  const customerId = isAssigned(id) ? id.id : null;
  const [title, setTitle] = useState<string | null>(null);

  useEffect(() => {
    setTitle(null);
    if (!customerId) return;
    let cancelled = false;
    titleOf(customerId).then((t) => {
      if (!cancelled) setTitle(t);
    });
    return () => {
      cancelled = true;
    };
  }, [customerId]);

  if (!customerId) return <span className="muted">—</span>;
  return <span>{title ?? '…'}</span>;
}
