// Ticket form limits as the product promises them. Apart from the schemas (forms.ts) so that a
// page can show them without shipping the validation library to the browser.
export const SUBJECT_MAX = 200;
export const MESSAGE_MAX = 20_000;
export const FIELD_MAX = 1_000;
