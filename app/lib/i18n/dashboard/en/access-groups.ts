// Access groups: who may use an access-group portal, and the invites that bring them in.
export const accessGroups = {
  "groups.title": "Access groups",
  "groups.intro":
    "An access group is a list of contacts. A portal whose access is limited to access groups admits their members.",
  "groups.empty": "No access groups yet.",
  "groups.name": "Name",
  "groups.members": "Members",
  "groups.portals": "Portals",
  "groups.noPortals": "No portal",
  "groups.create.title": "Create an access group",
  "groups.create.submit": "Create access group",
  "groups.rename.title": "Rename",
  "groups.rename.submit": "Rename",
  "groups.renamed": "The access group is now called “{name}”.",
  "groups.deleted": "The access group “{name}” was deleted.",
  "groups.delete.title": "Delete this access group",
  "groups.delete.text":
    "Its members keep their contact records; they lose access to portals through this group.",
  "groups.delete.submit": "Delete access group",
  "groups.error.name": "Enter a name of at most 100 characters.",
  "groups.error.nameTaken": "Another access group already has this name.",
  "groups.error.onlyGroup":
    "This access group cannot be deleted: it is the only access group of {portals}. Give that portal another access group first.",
  "groups.error.invalid": "Choose one of the options.",
  "groups.error.noneChosen": "Choose at least one contact.",
  "groups.back": "All access groups",
  "groups.memberList": "Members of this group",
  "groups.noMembers": "This group has no members yet.",
  "groups.select": "Select {name}",
  "groups.remove.submit": "Remove selected members",
  "groups.removed": "Members removed: {count}.",
  "groups.add.title": "Add members",
  "groups.add.search": "Search contacts by name or email",
  "groups.add.searchButton": "Search",
  "groups.add.noMatch": "No contact outside this group matches “{search}”.",
  "groups.add.submit": "Add selected contacts",
  "groups.added": "Members added: {count}.",
  "groups.invite.title": "Send invites",
  "groups.invite.text":
    "Each member who has not accepted yet gets an invite to the portal you choose. Members who accepted get nothing.",
  "groups.invite.portal": "Portal",
  "groups.invite.submit": "Send invites",
  "groups.invite.noPortals": "No portal limited to access groups admits this group yet.",
  "groups.invite.queued": "Invites on their way: {count}.",
  "groups.invite.none":
    "No invite was sent: every member has accepted, or these invites were sent already.",
  "groups.invite.noEmail.system":
    "No email was sent: portals on a system domain send no emails to members of an access group. Pass each member their link:",
  "groups.invite.noEmail.domain":
    "No email was sent: the portal's domain does not serve yet. Pass each member their link:",
  "groups.invite.link": "Invite link for {name} ({email})",
} as const;
