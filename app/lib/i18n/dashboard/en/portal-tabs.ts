// The frame of a portal's settings: its tabs and what every tab says about when a change shows.
export const portalTabs = {
  "portalTabs.nav": "{portal} settings",
  "portalTabs.general": "General",
  "portalTabs.domain": "Domain and slug",
  "portalTabs.tickets": "Tickets",
  "portalTabs.access": "Access",
  "portalTabs.display": "Ticket display",
  "portalTabs.consent": "Consent",
  "portalTabs.form": "Support form",
  "portalTabs.branding": "Branding",
  "portalTabs.members": "Members",
  "portalTabs.status.draft": "Draft — not serving",
  "portalTabs.status.live": "Live",
  "portalTabs.status.unpublished": "Unpublished — not serving",
  "portalTabs.backToPortals": "All portals",
  "portalTabs.saved": "Saved. Customers see the change on their next page.",
  "portalTabs.propagation":
    "Changes show in the portal at once here and within a minute everywhere else.",
} as const;
