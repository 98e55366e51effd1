// Drives the sandbox with the official JavaScript SDK (@bitrix24/b24jssdk), unchanged.
//
// stdin: {"auth": B24OAuthParams, "secret": {"clientId", "clientSecret"},
//         "calls": [{"method", "params"} | {"batch": {key: [method, params]}}]}
// stdout: {"calls": [{"method", "ok", "status", "result" | "error"}], "refreshed": [AuthData]}
// Each call goes through the SDK's OAuth client: it refreshes on 401 expired_token (or a passed
// `expires`) through `serverEndpoint`, then retries; `refreshed` lists what each refresh gave.
import { B24OAuth } from "@bitrix24/b24jssdk";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const plan = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const b24 = new B24OAuth(plan.auth, plan.secret);
b24.offClientSideWarning();
const refreshed = [];
b24.setCallbackRefreshAuth(async ({ authData }) => { refreshed.push(authData); });

const calls = [];
for (const step of plan.calls) {
  const method = step.batch ? "batch" : step.method;
  try {
    const answer = step.batch
      ? await b24.actions.v2.batch.make({ calls: step.batch, options: { isHaltOnError: false, returnAjaxResult: false } })
      : await b24.actions.v2.call.make({ method: step.method, params: step.params ?? {} });
    const ok = answer.isSuccess;
    calls.push({ method, ok, status: answer.getStatus?.() ?? null,
                 result: ok ? (step.batch ? answer.getData() : answer.getData().result) : null,
                 error: ok ? null : answer.getErrorMessages().join("; ") });
  } catch (error) {
    calls.push({ method, ok: false, status: error.status ?? null, error: String(error.code ?? error) });
  }
}
process.stdout.write(JSON.stringify({ calls, refreshed }));
