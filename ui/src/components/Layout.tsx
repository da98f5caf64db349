// The console frame: top bar (product, user, sign out) and left navigation by authority.
import { NavLink, Outlet, useNavigate } from 'react-router-dom';
import { AUTHORITY_LABELS, displayName, useAuth } from '../auth/AuthContext';
import { NAV_ITEMS } from './navigation';

export function Layout() {
  const { session, logout } = useAuth();
  const navigate = useNavigate();
  if (!session) return null;

  const signOut = async () => {
    await logout();
    navigate('/login', { replace: true });
  };

  return (
    <div className="app-shell">
      <header className="topbar">
        <NavLink to="/" className="brand">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          Pacificsoft
        </NavLink>
        <div className="topbar-user">
          <div className="user-block">
            <span className="user-name" data-testid="user-name">
              {displayName(session)}
            </span>
            <span className="user-role">{AUTHORITY_LABELS[session.authority]}</span>
          </div>
          <button type="button" className="btn btn-ghost" onClick={signOut}>
            Log out
          </button>
        </div>
      </header>
      <nav className="sidenav" aria-label="Main">
        <NavLink to="/" end className="nav-link">
          Home
        </NavLink>
        {NAV_ITEMS[session.authority].map((item) => (
          <NavLink key={item.to} to={item.to} className="nav-link">
            {item.label}
          </NavLink>
        ))}
      </nav>
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}
