// An access-group invitation (…/join/{token}) is completed exactly like a registration link.
export { action, default, loader } from "./$slug.register.$token";
