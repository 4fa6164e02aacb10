// The help desk: inboxes, the ticket queue, the ticket page and an agent's notification settings.
export const helpdesk = {
  "inboxes.title": "Inboxes",
  "inboxes.intro":
    "Tickets land in an inbox: each portal sends new tickets to its default inbox. Agents work every inbox of the account.",
  "inboxes.name": "Name",
  "inboxes.status": "Status",
  "inboxes.defaultFor": "Default inbox of",
  "inboxes.none": "No portal",
  "inboxes.open": "Open",
  "inboxes.archived": "Archived",
  "inboxes.rename": "Rename",
  "inboxes.renameLabel": "New name for {name}",
  "inboxes.archive": "Archive",
  "inboxes.create.title": "New inbox",
  "inboxes.create.name": "Name",
  "inboxes.create.submit": "Create inbox",
  "inboxes.done.created": "The inbox was created.",
  "inboxes.done.renamed": "The inbox was renamed.",
  "inboxes.done.archived": "The inbox was archived.",
  "inboxes.error.name": "Enter a name of at most 80 characters.",
  "inboxes.error.taken": "Another inbox already has this name.",
  "inboxes.error.missing": "This inbox no longer exists.",
  "inboxes.error.inUse":
    "This inbox cannot be archived: it is the default inbox of {portals}. Choose another default inbox for them first.",
} as const;
