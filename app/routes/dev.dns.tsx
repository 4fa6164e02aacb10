// Local development only: the DNS records domain checks read when DOH_URL is "dev", so a newcomer
// can connect a custom domain by hand under `npm start` (add help.newco.localhost on the domains
// page, create its records here, verify).
import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  type ActionFunctionArgs,
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/cloudflare";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DEV_DNS_TYPES } from "../../db/schema";
import { addDevRecord, deleteDevRecord, listDevRecords } from "../lib/domains/dev-dns.server";
import { requireDevMailbox } from "../lib/email/dev-mailbox.server";
import { canonicalHost } from "../lib/tenancy/host";
import stylesheet from "../styles/dev-mailbox.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction = () => [{ title: "Dev DNS — Portico" }];

export async function loader({ context }: LoaderFunctionArgs) {
  requireDevMailbox(context);
  return { records: await listDevRecords(context.db), dev: context.config.dohUrl === "dev" };
}

const AddSchema = z.object({
  intent: z.literal("add"),
  name: z
    .string({ error: "Enter a name, e.g. _portico-verify.help.newco.localhost." })
    .transform((value, ctx) => {
      const host = canonicalHost(value);
      if (!host) {
        ctx.addIssue({
          code: "custom",
          message: "Enter a DNS name such as _portico-verify.help.newco.localhost.",
        });
        return z.NEVER;
      }
      return host;
    }),
  type: z.enum(DEV_DNS_TYPES, { error: "Choose TXT or CNAME." }),
  value: z
    .string({ error: "Enter the record's value." })
    .trim()
    .min(1, "Enter the record's value.")
    .max(1000, "At most 1000 characters."),
});
const DeleteSchema = z.object({ intent: z.literal("delete"), id: z.string().max(100) });
const ActionSchema = z.discriminatedUnion("intent", [AddSchema, DeleteSchema]);

export async function action({ request, context }: ActionFunctionArgs) {
  requireDevMailbox(context);
  const submission = parseWithZod(await request.formData(), { schema: ActionSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, 400);
  const value = submission.value;
  if (value.intent === "delete") await deleteDevRecord(context.db, value.id);
  else await addDevRecord(context.db, { name: value.name, type: value.type, value: value.value });
  return redirect("/dev/dns");
}

/** The dev page speaks plain English: its messages are written out, not catalog keys. */
function Errors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors">
      {errors.map((error) => (
        <li key={error}>{error}</li>
      ))}
    </ul>
  );
}

export default function DevDns() {
  const { records, dev } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{ intent: string; name: string; type: string; value: string }>({
    lastResult: actionData?.result,
    defaultValue: { type: "TXT" },
  });
  const typeProps = getSelectProps(fields.type);
  return (
    <div className="dashboard">
      <header className="dashboard-header">
        <span className="dashboard-brand">Portico</span>
      </header>
      <main id="main" className="dashboard-main dev-mailbox">
        <h1>Dev DNS</h1>
        <p className="dev-mailbox-note">
          Local development only. With <code>DOH_URL=dev</code>, domain checks ask these records
          instead of real DNS, in the same DNS-over-HTTPS JSON a public resolver sends.
          {dev ? null : ' DOH_URL is not "dev" here: checks ask real DNS, not this list.'}
        </p>
        {records.length === 0 ? (
          <p>No records yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Value</th>
                <th scope="col">Delete</th>
              </tr>
            </thead>
            <tbody>
              {records.map((record) => (
                <tr key={record.id}>
                  <td>{record.name}</td>
                  <td>{record.type}</td>
                  <td>
                    <code>{record.value}</code>
                  </td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="delete" />
                      <input type="hidden" name="id" value={record.id} />
                      <button type="submit">
                        Delete
                        <span className="visually-hidden">
                          {" "}
                          {record.type} {record.name}
                        </span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2>Add a record</h2>
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="add" />
          <p>
            <label htmlFor={fields.name.id}>Name</label>
            <input
              id={fields.name.id}
              name={fields.name.name}
              type="text"
              defaultValue={fields.name.initialValue}
              aria-invalid={fields.name.errors ? true : undefined}
              aria-describedby={fields.name.errors ? fields.name.errorId : undefined}
            />
          </p>
          <Errors id={fields.name.errorId} errors={fields.name.errors} />
          <p>
            <label htmlFor={fields.type.id}>Type</label>
            <select {...typeProps} key={typeProps.key}>
              {DEV_DNS_TYPES.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
          </p>
          <Errors id={fields.type.errorId} errors={fields.type.errors} />
          <p>
            <label htmlFor={fields.value.id}>Value</label>
            <input
              id={fields.value.id}
              name={fields.value.name}
              type="text"
              defaultValue={fields.value.initialValue}
              aria-invalid={fields.value.errors ? true : undefined}
              aria-describedby={fields.value.errors ? fields.value.errorId : undefined}
            />
          </p>
          <Errors id={fields.value.errorId} errors={fields.value.errors} />
          <button type="submit">Add record</button>
        </Form>
      </main>
    </div>
  );
}
