// Who the front-end tests sign in as: the answer GET /api/v1/auth/me gives for Jay, a young
// person of Riverford.
import type { Me } from '../src/api/types';

export const jay: Me = {
  kind: 'young_person',
  id: 'jay',
  council: 'riverford',
  display_name: 'Jay',
  role: null,
  team_id: null,
  pa_first_name: 'Alex',
  pa_work_phone: null,
  pa_photo_version: null,
  session_id: 'x',
  csrf_token: 'y',
};
