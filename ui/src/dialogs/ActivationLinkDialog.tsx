// Shows a user's activation link (GET /api/user/{id}/activationLink) to hand over, with copy.
import { userApi } from '../api/endpoints';
import type { User } from '../api/types';
import { CopyButton } from '../components/CopyButton';
import { Dialog } from '../components/Dialog';
import { ErrorAlert, Spinner } from '../components/Feedback';
import { useAsync } from '../components/useAsync';

/** The UI's own activation route for a server link `.../api/noauth/activate?activateToken=T`. */
function uiActivationLink(serverLink: string): string | null {
  try {
    const token = new URL(serverLink, window.location.origin).searchParams.get('activateToken');
    return token ? `${window.location.origin}/activate?activateToken=${encodeURIComponent(token)}` : null;
  } catch {
    return null;
  }
}

export function ActivationLinkDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const { data: link, loading, error, reload } = useAsync(() => userApi.activationLink(user.id!.id), [user.id?.id]);
  const uiLink = link ? uiActivationLink(link.trim()) : null;

  return (
    <Dialog
      title="Activation link"
      onClose={onClose}
      wide
      footer={
        <button type="button" className="btn btn-primary" onClick={onClose}>
          Close
        </button>
      }
    >
      <p>
        Send this link to <strong>{user.email}</strong>. Opening it lets the user choose a password; the link works
        until the account is activated.
      </p>
      {loading && <Spinner />}
      <ErrorAlert message={error} onRetry={reload} />
      {uiLink && (
        <div className="copy-row">
          <code className="copy-value" data-testid="activation-link">
            {uiLink}
          </code>
          <CopyButton text={uiLink} />
        </div>
      )}
      {link && (
        <details className="muted small">
          <summary>Link as the server gives it</summary>
          <div className="copy-row">
            <code className="copy-value">{link}</code>
            <CopyButton text={link.trim()} />
          </div>
        </details>
      )}
    </Dialog>
  );
}
