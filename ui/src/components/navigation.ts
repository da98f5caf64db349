// What each authority may manage: the left navigation and the home page both read this.
import type { Authority } from '../api/types';

export interface NavItem {
  to: string;
  label: string;
  description: string;
}

export const NAV_ITEMS: Record<Authority, NavItem[]> = {
  SYS_ADMIN: [{ to: '/tenants', label: 'Tenants', description: 'Create tenants and their administrators.' }],
  TENANT_ADMIN: [
    { to: '/customers', label: 'Customers', description: 'Customers of your tenant and their users.' },
    { to: '/devices', label: 'Devices', description: 'Devices, their access tokens and assignments.' },
    { to: '/deviceProfiles', label: 'Device profiles', description: 'Profiles that devices share; the default profile.' },
    { to: '/assets', label: 'Assets', description: 'Buildings, vehicles and other things devices belong to.' },
    { to: '/assetProfiles', label: 'Asset profiles', description: 'Profiles that assets share; the default profile.' },
    { to: '/dashboards', label: 'Dashboards', description: 'Dashboards of your tenant.' },
    { to: '/ruleChains', label: 'Rule chains', description: 'How incoming messages are processed; the root chain.' },
    { to: '/alarms', label: 'Alarms', description: 'Active alarms of your devices and assets: acknowledge and clear them.' },
  ],
  CUSTOMER_USER: [
    { to: '/devices', label: 'Devices', description: 'Devices assigned to your customer.' },
    { to: '/assets', label: 'Assets', description: 'Assets assigned to your customer.' },
    { to: '/dashboards', label: 'Dashboards', description: 'Dashboards shared with your customer.' },
    { to: '/alarms', label: 'Alarms', description: 'Active alarms of your devices and assets.' },
  ],
};
