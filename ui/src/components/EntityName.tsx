// Shows the name of a device or asset (an alarm's originator) as a link to its page. Names are
// fetched once per id and shared by every cell that shows them.
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { assetApi, deviceApi } from '../api/endpoints';
import type { EntityId } from '../api/types';

const names = new Map<string, Promise<string | null>>();
const ROUTES: Partial<Record<string, string>> = { DEVICE: '/devices', ASSET: '/assets' };

function nameOf(entity: EntityId): Promise<string | null> {
  let name = names.get(entity.id);
  if (!name) {
    const load = entity.entityType === 'DEVICE' ? deviceApi.get : entity.entityType === 'ASSET' ? assetApi.get : null;
    name = load
      ? load(entity.id).then(
          (e) => e.name,
          () => {
            names.delete(entity.id); // try again next time
            return null;
          },
        )
      : Promise.resolve(null);
    names.set(entity.id, name);
  }
  return name;
}

export function EntityName({ entity, link = true }: { entity: EntityId; link?: boolean }) {
  const [name, setName] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    setName(undefined);
    nameOf(entity).then((n) => {
      if (!cancelled) setName(n);
    });
    return () => {
      cancelled = true;
    };
  }, [entity.id, entity.entityType]);

  if (name === undefined) return <span className="muted">…</span>;
  const text = name ?? `${entity.entityType} ${entity.id.slice(0, 8)}`;
  const route = ROUTES[entity.entityType];
  return link && route && name ? <Link to={`${route}/${entity.id}`}>{text}</Link> : <span>{text}</span>;
}
