// Picks a customer to assign a device or an asset to.
import { useState } from 'react';
import { CustomerPicker } from '../components/CustomerPicker';
import { FormDialog } from '../components/FormDialog';

interface Props<T> {
  what: string;
  assign: (customerId: string) => Promise<T>;
  onSaved: (result: T) => void;
  onClose: () => void;
}

export function AssignCustomerDialog<T>({ what, assign, onSaved, onClose }: Props<T>) {
  const [customerId, setCustomerId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  return (
    <FormDialog
      title={`Assign ${what} to a customer`}
      submitLabel="Assign"
      validate={() => {
        setProblem(customerId ? null : 'Choose a customer');
        return !!customerId;
      }}
      save={() => assign(customerId)}
      onSaved={onSaved}
      onClose={onClose}
    >
      <CustomerPicker value={customerId} onChange={setCustomerId} error={problem} />
    </FormDialog>
  );
}
