// The dashboard's catalog as a value: for the root's loader (which sends it to dashboard pages) and
// for dashboard routes' titles. Portal code never imports this module.
import type { DashboardCatalog } from ".";
import { dashboardEn } from "./en";

export const DASHBOARD_CATALOG: DashboardCatalog = dashboardEn;
