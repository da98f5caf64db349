import { deviceApi, deviceProfileApi } from '../api/endpoints';
import type { Device } from '../api/types';
import type { AssignableKind } from './assignable';

export const deviceKind: AssignableKind<Device> = {
  noun: 'device',
  title: 'Devices',
  route: '/devices',
  api: deviceApi,
  form: {
    noun: 'device',
    profileLabel: 'Device profile',
    profileOf: (d) => d.deviceProfileId?.id,
    withProfile: (d, id) => ({ ...d, deviceProfileId: { entityType: 'DEVICE_PROFILE', id } }),
    fetchProfiles: deviceProfileApi.list,
    save: deviceApi.save,
    flags: [
      {
        key: 'gateway',
        label: 'Is gateway',
        badge: 'Gateway',
        hint: 'A gateway connects other devices and sends their data (the MQTT gateway API).',
      },
    ],
  },
  deleteWarning: 'Its credentials stop working at once.',
};
