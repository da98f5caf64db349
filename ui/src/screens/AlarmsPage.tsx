// Tenant administrators and customer users: the alarms they may see (a customer's users those of
// its devices and assets), filtered by status and severity; acknowledge, clear, delete.
import { AlarmsTable } from '../alarms/AlarmsTable';
import { PageHeader } from '../components/PageHeader';

export function AlarmsPage() {
  return (
    <>
      <PageHeader title="Alarms" />
      <AlarmsTable entity={null} label="Alarms" />
    </>
  );
}
