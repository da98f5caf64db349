// Routes. Each screen is one file under screens/; guards check the session and authority.
import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './auth/AuthContext';
import { Spinner } from './components/Feedback';
import { Layout } from './components/Layout';
import { RequireAuth, RequireAuthority } from './components/RequireAuth';
import { ActivatePage } from './screens/ActivatePage';
import { AlarmsPage } from './screens/AlarmsPage';
import { AssetDetailsPage } from './screens/AssetDetailsPage';
import { AssetProfilesPage } from './screens/AssetProfilesPage';
import { AssetsPage } from './screens/AssetsPage';
import { CustomersPage } from './screens/CustomersPage';
import { CustomerUsersPage } from './screens/CustomerUsersPage';
import { DashboardsPage } from './screens/DashboardsPage';
import { DeviceDetailsPage } from './screens/DeviceDetailsPage';
import { DeviceProfilesPage } from './screens/DeviceProfilesPage';
import { DevicesPage } from './screens/DevicesPage';
import { HomePage } from './screens/HomePage';
import { LoginPage } from './screens/LoginPage';
import { NotFoundPage } from './screens/NotFoundPage';
import { RuleChainsPage } from './screens/RuleChainsPage';
import { TenantAdminsPage } from './screens/TenantAdminsPage';
import { TenantsPage } from './screens/TenantsPage';

// The dashboard screen carries the widgets (ECharts, Leaflet): loaded when first opened.
const DashboardPage = lazy(() => import('./screens/DashboardPage'));
const dashboardPage = (
  <Suspense fallback={<Spinner label="Loading the dashboard…" />}>
    <DashboardPage />
  </Suspense>
);

// The rule chain editor carries React Flow: loaded when a chain is first opened.
const RuleChainPage = lazy(() => import('./screens/RuleChainPage'));
const ruleChainPage = (
  <Suspense fallback={<Spinner label="Loading the rule chain editor…" />}>
    <RuleChainPage />
  </Suspense>
);

// A device profile's page carries the alarm rules editor: loaded when first opened.
const DeviceProfilePage = lazy(() => import('./screens/DeviceProfilePage'));
const deviceProfilePage = (
  <Suspense fallback={<Spinner label="Loading the device profile…" />}>
    <DeviceProfilePage />
  </Suspense>
);

const TENANT_ADMIN = ['TENANT_ADMIN'] as const;
const TENANT_USERS = ['TENANT_ADMIN', 'CUSTOMER_USER'] as const;

function only(allow: readonly ('SYS_ADMIN' | 'TENANT_ADMIN' | 'CUSTOMER_USER')[], element: JSX.Element) {
  return <RequireAuthority allow={[...allow]}>{element}</RequireAuthority>;
}

export function App() {
  return (
    <AuthProvider>
      <BrowserRouter>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/activate" element={<ActivatePage />} />
          <Route
            element={
              <RequireAuth>
                <Layout />
              </RequireAuth>
            }
          >
            <Route index element={<HomePage />} />
            <Route path="tenants" element={only(['SYS_ADMIN'], <TenantsPage />)} />
            <Route path="tenants/:tenantId/users" element={only(['SYS_ADMIN'], <TenantAdminsPage />)} />
            <Route path="customers" element={only(TENANT_ADMIN, <CustomersPage />)} />
            <Route path="customers/:customerId/users" element={only(TENANT_ADMIN, <CustomerUsersPage />)} />
            <Route path="devices" element={only(TENANT_USERS, <DevicesPage />)} />
            <Route path="devices/:deviceId" element={only(TENANT_USERS, <DeviceDetailsPage />)} />
            <Route path="deviceProfiles" element={only(TENANT_ADMIN, <DeviceProfilesPage />)} />
            <Route path="deviceProfiles/:deviceProfileId" element={only(TENANT_ADMIN, deviceProfilePage)} />
            <Route path="assetProfiles" element={only(TENANT_ADMIN, <AssetProfilesPage />)} />
            <Route path="assets" element={only(TENANT_USERS, <AssetsPage />)} />
            <Route path="assets/:assetId" element={only(TENANT_USERS, <AssetDetailsPage />)} />
            <Route path="dashboards" element={only(TENANT_USERS, <DashboardsPage />)} />
            <Route path="dashboards/:dashboardId" element={only(TENANT_USERS, dashboardPage)} />
            <Route path="alarms" element={only(TENANT_USERS, <AlarmsPage />)} />
            <Route path="ruleChains" element={only(TENANT_ADMIN, <RuleChainsPage />)} />
            <Route path="ruleChains/:ruleChainId" element={only(TENANT_ADMIN, ruleChainPage)} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </AuthProvider>
  );
}
