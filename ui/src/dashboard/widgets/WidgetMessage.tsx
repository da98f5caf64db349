// The body of a widget that has nothing to show yet: loading, an error, or what is missing.
import { ErrorAlert, Spinner } from '../../components/Feedback';

interface Props {
  loading?: boolean;
  error?: string | null;
  onRetry?: () => void;
  /** Shown when neither loading nor failed. */
  text?: string;
}

export function WidgetMessage({ loading, error, onRetry, text }: Props) {
  if (error) return <ErrorAlert message={error} onRetry={onRetry} />;
  if (loading) return <Spinner />;
  return <p className="muted widget-empty">{text}</p>;
}
