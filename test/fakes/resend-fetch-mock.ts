// The Resend fake inside workerd: fetchMock (cloudflare:test) answers the worker's outbound fetch
// to FAKE_RESEND_URL with the fake's replies.
import { fetchMock } from "cloudflare:test";
import { FakeResendModel } from "./resend-model";

export const FAKE_RESEND_URL = "https://resend.fake.test";

/** Installs a fresh fake for the current test file's fetchMock and returns it. */
export function installFakeResend(): FakeResendModel {
  const model = new FakeResendModel();
  fetchMock.activate();
  fetchMock.disableNetConnect();
  fetchMock
    .get(FAKE_RESEND_URL)
    .intercept({ path: () => true, method: () => true })
    .reply((options) => {
      const reply = model.handle({
        method: options.method,
        path: options.path,
        headers: options.headers as Record<string, string | undefined>,
        body: typeof options.body === "string" ? options.body : "",
      });
      return {
        statusCode: reply.status,
        data: JSON.stringify(reply.body),
        responseOptions: { headers: { "content-type": "application/json" } },
      };
    })
    .persist();
  return model;
}
