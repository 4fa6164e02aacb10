// The fields of a portal's domain, tickets and access settings, shared by the setup wizard and the
// settings tabs: the same labels, choices and messages in both places. Each works without
// JavaScript (everything is on the page, the server checks it); with JavaScript the URL preview
// follows the typing and the fields that only one option needs hide while another is chosen.
import {
  type FieldMetadata,
  getCollectionProps,
  getInputProps,
  getSelectProps,
} from "@conform-to/react";
import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { DashboardTranslate } from "../lib/i18n/dashboard";
import {
  ACCESS_MODE_OPTIONS,
  type DomainOption,
  JOB_TITLE_PROPERTY,
  previewUrl,
  TICKET_PERMISSION_OPTIONS,
} from "../lib/portals/setup";
import { ErrorList } from "./field";

type Field = FieldMetadata<string | undefined>;
type Choice = { id: string; name: string };

/** False on the server and in the first render; true once the page's script runs. */
function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

function describedBy(...ids: (string | undefined | false)[]): string | undefined {
  return ids.filter(Boolean).join(" ") || undefined;
}

function SelectField({
  meta,
  label,
  hint,
  placeholder,
  options,
  onChange,
  t,
}: {
  meta: Field;
  label: string;
  hint?: string;
  placeholder?: string;
  options: { value: string; label: string }[];
  onChange?: (value: string) => void;
  t: DashboardTranslate;
}) {
  const props = getSelectProps(meta);
  const hintId = hint ? `${meta.id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <select
        {...props}
        key={props.key}
        aria-describedby={describedBy(props["aria-describedby"], hintId)}
        onChange={onChange ? (event) => onChange(event.currentTarget.value) : undefined}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <ErrorList id={meta.errorId} errors={meta.errors} t={t} />
    </div>
  );
}

/** Radio buttons with a hint under each, in a fieldset whose legend names the choice. */
function RadioGroup({
  meta,
  legend,
  options,
  onChange,
  t,
}: {
  meta: Field;
  legend: string;
  options: { value: string; label: string; hint?: string }[];
  onChange: (value: string) => void;
  t: DashboardTranslate;
}) {
  const radios = getCollectionProps(meta, {
    type: "radio",
    options: options.map((option) => option.value),
  });
  return (
    <fieldset className="choices" aria-describedby={meta.errors?.length ? meta.errorId : undefined}>
      <legend>{legend}</legend>
      {radios.map((radio, index) => {
        const option = options[index];
        if (!option) return null;
        const hintId = option.hint ? `${radio.id}-hint` : undefined;
        return (
          <div className="choice" key={radio.key}>
            <input
              {...radio}
              key={radio.key}
              aria-describedby={hintId}
              onChange={(event) => onChange(event.currentTarget.value)}
            />
            <label htmlFor={radio.id}>{option.label}</label>
            {option.hint ? (
              <p id={hintId} className="field-hint">
                {option.hint}
              </p>
            ) : null}
          </div>
        );
      })}
      <ErrorList id={meta.errorId} errors={meta.errors} t={t} />
    </fieldset>
  );
}

/** Domain and slug, the address they make, and what the chosen domain means for the portal. */
export function DomainFields({
  fields,
  domains,
  accountSlug,
  t,
}: {
  fields: { domainId: Field; slug: Field };
  domains: DomainOption[];
  accountSlug: string;
  t: DashboardTranslate;
}) {
  const [domainId, setDomainId] = useState(fields.domainId.initialValue ?? domains[0]?.id ?? "");
  const [slug, setSlug] = useState(fields.slug.initialValue ?? "");
  const domain = domains.find((candidate) => candidate.id === domainId);
  const slugInput = getInputProps(fields.slug, { type: "text" });
  const url = previewUrl(domain, slug);
  return (
    <>
      <SelectField
        meta={fields.domainId}
        label={t("wizard.domain.label")}
        options={domains.map((option) => ({
          value: option.id,
          label: t("wizard.domain.option", {
            hostname: option.hostname,
            kind: t(`wizard.domain.kind.${option.kind}`),
            language: option.languageName,
          }),
        }))}
        onChange={setDomainId}
        t={t}
      />
      {/* Only serving domains are offered; a domain of one's own is connected on the Domains page. */}
      <p className="field-hint">
        <Link to={`/a/${accountSlug}/domains`}>{t("domains.addLink")}</Link>
      </p>
      <div className="field">
        <label htmlFor={fields.slug.id}>{t("wizard.slug.label")}</label>
        <p id={`${fields.slug.id}-hint`} className="field-hint">
          {t("wizard.slug.hint")}
        </p>
        <input
          {...slugInput}
          key={slugInput.key}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={describedBy(slugInput["aria-describedby"], `${fields.slug.id}-hint`)}
          onChange={(event) => setSlug(event.currentTarget.value)}
        />
        <ErrorList id={fields.slug.errorId} errors={fields.slug.errors} t={t} />
      </div>
      <p className="url-preview">
        <span id="url-preview-label">{t("wizard.preview.label")}</span>{" "}
        <output
          htmlFor={`${fields.domainId.id} ${fields.slug.id}`}
          aria-labelledby="url-preview-label"
        >
          {url || t("wizard.preview.pending")}
        </output>
      </p>
      {domain ? (
        <div className="notices">
          {domain.kind === "system" ? (
            <p className="notice">
              {t("wizard.notice.systemDomain", { hostname: domain.hostname })}
            </p>
          ) : null}
          <p className="notice">
            {t("wizard.notice.language", {
              language: domain.languageName,
              hostname: domain.hostname,
            })}{" "}
            <Link to={`/a/${accountSlug}/domains/${domain.id}`}>
              {t("wizard.notice.changeLanguage", { hostname: domain.hostname })}
            </Link>
          </p>
          <p className="muted">{t("wizard.notice.oneLanguage")}</p>
        </div>
      ) : null}
    </>
  );
}

/** Default inbox, ticket permissions and, for the filtered one, its contact-property filter. */
export function TicketFields({
  fields,
  inboxes,
  properties,
  t,
}: {
  fields: {
    defaultInboxId: Field;
    ticketPermission: Field;
    filterProperty: Field;
    filterValue: Field;
  };
  inboxes: Choice[];
  properties: string[];
  t: DashboardTranslate;
}) {
  const hydrated = useHydrated();
  const [permission, setPermission] = useState(fields.ticketPermission.initialValue ?? "own");
  const valueInput = getInputProps(fields.filterValue, { type: "text" });
  return (
    <>
      <SelectField
        meta={fields.defaultInboxId}
        label={t("wizard.inbox.label")}
        hint={t("wizard.inbox.hint")}
        options={inboxes.map((inbox) => ({ value: inbox.id, label: inbox.name }))}
        t={t}
      />
      <RadioGroup
        meta={fields.ticketPermission}
        legend={t("wizard.permission.legend")}
        options={TICKET_PERMISSION_OPTIONS.map((value) => ({
          value,
          label: t(`wizard.permission.${value}`),
          hint: t(`wizard.permission.${value}.hint`),
        }))}
        onChange={setPermission}
        t={t}
      />
      <fieldset
        className="subfields"
        hidden={hydrated && permission !== "company_filtered"}
        aria-describedby="filter-hint"
      >
        <legend>{t("wizard.filter.legend")}</legend>
        <p id="filter-hint" className="field-hint">
          {t("wizard.filter.hint")}
        </p>
        <SelectField
          meta={fields.filterProperty}
          label={t("wizard.filter.property")}
          placeholder={t("wizard.filter.chooseProperty")}
          options={properties.map((property) => ({
            value: property,
            label: property === JOB_TITLE_PROPERTY ? t("wizard.property.job_title") : property,
          }))}
          t={t}
        />
        <div className="field">
          <label htmlFor={fields.filterValue.id}>{t("wizard.filter.value")}</label>
          <input {...valueInput} key={valueInput.key} autoComplete="off" />
          <ErrorList id={fields.filterValue.errorId} errors={fields.filterValue.errors} t={t} />
        </div>
      </fieldset>
    </>
  );
}

/** Who may use the portal; with access groups, which ones. */
export function AccessFields({
  fields,
  groups,
  t,
}: {
  fields: { accessMode: Field; accessGroupIds: FieldMetadata<string[] | undefined> };
  groups: Choice[];
  t: DashboardTranslate;
}) {
  const hydrated = useHydrated();
  const [mode, setMode] = useState(fields.accessMode.initialValue ?? "anyone_with_ticket");
  // Without groups there is nothing to limit the portal to: only the first option is offered.
  const modes = groups.length > 0 ? ACCESS_MODE_OPTIONS : (["anyone_with_ticket"] as const);
  const boxes = getCollectionProps(fields.accessGroupIds, {
    type: "checkbox",
    options: groups.map((group) => group.id),
  });
  return (
    <>
      <RadioGroup
        meta={fields.accessMode}
        legend={t("wizard.access.legend")}
        options={modes.map((value) => ({
          value,
          label: t(`wizard.access.${value}`),
          hint: t(`wizard.access.${value}.hint`),
        }))}
        onChange={setMode}
        t={t}
      />
      {groups.length === 0 ? (
        <p className="notice">{t("wizard.access.noGroups")}</p>
      ) : (
        <fieldset
          className="subfields"
          hidden={hydrated && mode !== "access_groups"}
          aria-describedby={describedBy(
            "groups-hint",
            fields.accessGroupIds.errors?.length ? fields.accessGroupIds.errorId : undefined,
          )}
        >
          <legend>{t("wizard.access.groups")}</legend>
          <p id="groups-hint" className="field-hint">
            {t("wizard.access.groupsHint")}
          </p>
          {boxes.map((box, index) => (
            <div className="checkbox" key={box.key}>
              <input {...box} key={box.key} aria-describedby={undefined} />
              <label htmlFor={box.id}>{groups[index]?.name}</label>
            </div>
          ))}
          <ErrorList
            id={fields.accessGroupIds.errorId}
            errors={fields.accessGroupIds.errors}
            t={t}
          />
        </fieldset>
      )}
    </>
  );
}
