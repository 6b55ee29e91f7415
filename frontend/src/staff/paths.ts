// The staff API's addresses (statements.ts and content.ts keep their own domains').
export const staffPaths = {
  youngPeople: '/api/v1/young-people',
  youngPerson: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}`,
  invite: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/invite`,
  resetAccess: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/reset-access`,
  subjectAccess: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/my-data`,
  signOutEverywhere: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/sign-out-everywhere`,
  staff: '/api/v1/staff',
  profile: '/api/v1/staff/me/profile',
  photo: '/api/v1/staff/me/photo',
  /** `v` only makes a new photo a new address. */
  ownPhoto: (version: string) => `/api/v1/staff/me/photo?v=${encodeURIComponent(version)}`,
  advisers: '/api/v1/advisers',
  audit: '/api/v1/audit',
  taskTemplates: '/api/v1/task-templates',
  plan: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/plan`,
  planExport: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/plan/export`,
  statementsExport: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/statements/export`,
  planEdits: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/plan/edits`,
  tasks: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/plan/tasks`,
  task: (id: string, taskId: string) =>
    `/api/v1/young-people/${encodeURIComponent(id)}/plan/tasks/${encodeURIComponent(taskId)}`,
  passportSharing: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/passport/sharing`,
  passport: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/passport`,
  passportHistory: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/passport/history`,
  healthAssessments: (id: string) => `/api/v1/young-people/${encodeURIComponent(id)}/passport/health-assessments`,
};
