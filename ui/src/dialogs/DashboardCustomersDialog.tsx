// The customers a dashboard is assigned to (their users see it): unassign one, or pick another
// and assign it. Every change answers with the dashboard, whose assignedCustomers are shown.
import { useState, type FormEvent } from 'react';
import { dashboardApi } from '../api/endpoints';
import type { Dashboard } from '../api/types';
import { CustomerPicker } from '../components/CustomerPicker';
import { Dialog } from '../components/Dialog';
import { ErrorAlert } from '../components/Feedback';
import { useSubmit } from '../components/useSubmit';

export function DashboardCustomersDialog({ dashboard, onClose }: { dashboard: Dashboard; onClose: () => void }) {
  const id = dashboard.id!.id;
  const [assigned, setAssigned] = useState(dashboard.assignedCustomers ?? []);
  const [customerId, setCustomerId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = useSubmit();

  const change = (call: () => Promise<Dashboard>) =>
    submit.run(async () => {
      setAssigned((await call()).assignedCustomers ?? []);
      setCustomerId('');
    });

  const assign = (e: FormEvent) => {
    e.preventDefault();
    setProblem(customerId ? null : 'Choose a customer');
    if (customerId && !submit.busy) void change(() => dashboardApi.assign(customerId, id));
  };

  const footer = (
    <button type="button" className="btn btn-primary" onClick={onClose} disabled={submit.busy}>
      Close
    </button>
  );
  return (
    <Dialog title={`Customers of ${dashboard.title}`} onClose={onClose} busy={submit.busy} footer={footer} wide>
      <ErrorAlert message={submit.error} />
      <h3 className="section-title">Assigned to</h3>
      {assigned.length === 0 && <p className="muted">No customer: only the tenant's users see it.</p>}
      <ul className="plain-list" aria-label="Assigned customers">
        {assigned.map((c) => (
          <li key={c.customerId.id} className="copy-row">
            <span>{c.title}</span>
            <button
              type="button"
              className="btn btn-small"
              disabled={submit.busy}
              onClick={() => void change(() => dashboardApi.unassign(c.customerId.id, id))}
              aria-label={`Unassign ${c.title}`}
            >
              Unassign
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={assign} noValidate>
        <fieldset disabled={submit.busy} className="form-section">
          <legend>Assign to another customer</legend>
          <CustomerPicker value={customerId} onChange={setCustomerId} error={problem} exclude={assigned.map((c) => c.customerId.id)} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary">
              {submit.busy ? 'Saving…' : 'Assign'}
            </button>
          </div>
        </fieldset>
      </form>
    </Dialog>
  );
}
