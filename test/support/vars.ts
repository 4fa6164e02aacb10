/** The configuration every test environment runs with (the same hosts as `npm start`). */
export const TEST_VARS = {
  DASHBOARD_HOST: "app.localhost",
  SYSTEM_DOMAINS: "portico-sites.localhost",
  DEV_MODE: "true",
  TENANT_CACHE_TTL_SECONDS: "30",
  MISCONFIGURED_GRACE_HOURS: "72",
} as const;
