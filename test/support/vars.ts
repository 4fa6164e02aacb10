/** The configuration every test environment runs with (the same hosts as `npm start`). */
export const TEST_VARS = {
  DASHBOARD_HOST: "app.localhost",
  SYSTEM_DOMAINS: "portico-sites.localhost",
  DEV_MODE: "true",
  TENANT_CACHE_TTL_SECONDS: "30",
  MISCONFIGURED_GRACE_HOURS: "72",
  // Small and large enough that tests reach the lockout fast and never the shared IP limit.
  LOCKOUT_THRESHOLD: "3",
  LOCKOUT_MINUTES: "15",
  SIGN_IN_IP_LIMIT: "10000",
  // Every test request comes from one client address; a few requests per typed address suffice.
  EMAIL_REQUEST_IP_LIMIT: "10000",
  EMAIL_REQUEST_ADDRESS_LIMIT: "8",
  // Domain checks answer from the local DNS records (/dev/dns), and `*.localhost` may be added.
  DOH_URL: "dev",
  ALLOW_LOCALHOST_DOMAINS: "true",
  // A fixed key for tests only; production's is a secret (docs/operations.md).
  TWO_FACTOR_ENCRYPTION_KEY: "dGVzdC1vbmx5LXR3by1mYWN0b3Ita2V5LTMyLWJ5dGU=",
  TOTP_WINDOW_STEPS: "1",
  // Attachment limits small enough that tests pass each one with little data: 3 files per
  // message, 256 kB each, 512 kB per message, 1 MB stored per account.
  ATTACHMENT_MAX_FILES: "3",
  ATTACHMENT_MAX_FILE_BYTES: "262144",
  ATTACHMENT_MAX_MESSAGE_BYTES: "524288",
  ATTACHMENT_STORAGE_CAP_BYTES: "1048576",
} as const;
