/**
 * `config.json`, served by the site next to index.html: how the web app finds the API, the
 * realtime stream and the sign-in in this deployment. Locally the same file says "server-sent
 * events at /api/events, local sign-in"; in AWS it names the AppSync Events API and Cognito.
 */
export interface WebRuntimeConfig {
  /** Base of the API on the site's own origin. */
  readonly apiBaseUrl: "/api";
  readonly realtime:
    | { readonly kind: "sse"; readonly url: string }
    | {
        readonly kind: "appsync-events";
        /** `wss://${realtimeDomain}/event/realtime` for the WebSocket, `https://${httpDomain}/event` for HTTP. */
        readonly httpDomain: string;
        readonly realtimeDomain: string;
        /** Public subscribe key (pings carry no order data). */
        readonly apiKey: string;
        /** `${orders}/<orderId>` per order (`${orders}/*` for staff screens), and the shop channel. */
        readonly channels: { readonly orders: string; readonly shop: string };
      };
  readonly auth:
    | { readonly kind: "local" }
    | {
        readonly kind: "cognito";
        readonly region: string;
        readonly userPoolId: string;
        readonly clientId: string;
      };
}
