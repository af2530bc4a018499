// The API client, typed from the OpenAPI document (docs/openapi.json -> schema.d.ts by
// openapi-typescript; `make openapi` regenerates both). Calls go to /api on the page's own origin:
// Hosting rewrites /api/** to the `api` function, so no CORS is involved.
import createClient, { type Middleware } from "openapi-fetch";
import { idToken } from "../firebase";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type Request = Schemas["CustomizationRequest"];
export type Status = Schemas["Status"];
export type FileRef = Schemas["FileRef"];
export type Product = Schemas["Product"];
export type ErrorCode = Schemas["Error"]["error"]["code"];

export const API_BASE = "/api";

/** An answer in the API's error format: its code and the message to show. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | "NETWORK",
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const bearer: Middleware = {
  async onRequest({ request }) {
    const token = await idToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: API_BASE });
api.use(bearer);

type Answer<T> = { data?: { data: T }; error?: unknown; response: Response };

/** The `data` of a success, or an ApiError carrying the error format's code and message. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch {
    throw new ApiError("NETWORK", "The service could not be reached; check the connection and try again.", 0);
  }
  if (answer.data !== undefined && answer.response.ok) return answer.data.data;
  throw errorFrom(answer.error, answer.response.status);
}

/** An ApiError from an error body (anything else: a generic message with the status). */
export function errorFrom(body: unknown, status: number): ApiError {
  const error = (body as Partial<Schemas["Error"]> | undefined)?.error;
  if (error && typeof error.message === "string") return new ApiError(error.code, error.message, status);
  return new ApiError("INTERNAL", `The service answered ${status}; try again.`, status);
}

/** A page of a list, and the cursor of the next one. */
export async function page<T>(call: Promise<Answer<T[]> & { data?: { nextCursor: string | null } }>) {
  const answer = await call.catch(() => {
    throw new ApiError("NETWORK", "The service could not be reached; check the connection and try again.", 0);
  });
  if (answer.data !== undefined && answer.response.ok) {
    return { items: answer.data.data, next: answer.data.nextCursor };
  }
  throw errorFrom(answer.error, answer.response.status);
}
