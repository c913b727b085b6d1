/**
 * The hand-written client against the API's own types: if a route's answer changes shape in
 * apps/api, this file stops compiling (`pnpm typecheck`, `pnpm build`) before a browser notices.
 */
import type { AppType } from "@coffee/api/app-type";
import type { PublicOrder } from "@coffee/shared";
import type { hc, InferResponseType } from "hono/client";
import { describe, expectTypeOf, it } from "vitest";
import type { ApiClient } from "./api-client.js";

type Api = ReturnType<typeof hc<AppType>>["api"];
type Ok<T> = Exclude<T, { error: unknown }>;
type Ours<K extends keyof ApiClient> = Awaited<ReturnType<ApiClient[K]>>;

describe("the client's answers match the API's", () => {
  it("config, sign-in, QR code", () => {
    expectTypeOf<Ok<InferResponseType<Api["config"]["$get"]>>>().toExtend<Ours<"config">>();
    expectTypeOf<Ok<InferResponseType<Api["auth"]["login"]["$post"]>>>().toExtend<Ours<"login">>();
    expectTypeOf<Ok<InferResponseType<Api["qr-code"]["$get"]>>>().toExtend<Ours<"qrCode">>();
  });

  it("orders", () => {
    expectTypeOf<Ok<InferResponseType<Api["orders"]["$post"]>>>().toExtend<Ours<"startOrder">>();
    expectTypeOf<Ok<InferResponseType<Api["orders"][":id"]["$get"]>>>().toExtend<Ours<"order">>();
    expectTypeOf<Ok<InferResponseType<Api["orders"]["$get"]>>["orders"][number]>().toExtend<
      Ours<"openOrders">[number]
    >();
  });

  it("every order, answered or listed, is the one shared public shape", () => {
    type Orders = Api["orders"][":id"];
    type Answers =
      | Ok<InferResponseType<Orders["$get"]>>
      | Ok<InferResponseType<Orders["$put"]>>
      | Ok<InferResponseType<Orders["accept"]["$post"]>>
      | Ok<InferResponseType<Orders["unaccept"]["$post"]>>
      | Ok<InferResponseType<Orders["complete"]["$post"]>>
      | Ok<InferResponseType<Orders["cancel"]["$post"]>>
      | Ok<InferResponseType<Api["orders"]["$get"]>>["orders"][number]
      | Ok<InferResponseType<Api["my-orders"]["$get"]>>["orders"][number];
    expectTypeOf<Answers>().toEqualTypeOf<PublicOrder>();
    expectTypeOf<Ours<"order">>().toEqualTypeOf<PublicOrder>();
    expectTypeOf<Ours<"submitChoice">>().toEqualTypeOf<PublicOrder>();
    expectTypeOf<Ours<"act">>().toEqualTypeOf<PublicOrder>();
    expectTypeOf<Ours<"openOrders">[number]>().toEqualTypeOf<PublicOrder>();
    expectTypeOf<Ours<"myOrders">[number]>().toEqualTypeOf<PublicOrder>();
  });

  it("admin and the inspector", () => {
    expectTypeOf<Ok<InferResponseType<Api["admin"]["store"]["$put"]>>>().toExtend<
      Ours<"setStoreOpen">
    >();
    expectTypeOf<Ok<InferResponseType<Api["admin"]["menu"]["$put"]>>>().toExtend<Ours<"putMenu">>();
    expectTypeOf<Ok<InferResponseType<Api["admin"]["config"]["$put"]>>>().toExtend<
      Ours<"putShopConfig">
    >();
    expectTypeOf<Ok<InferResponseType<Api["orders"][":id"]["execution"]["$get"]>>>().toExtend<
      Ours<"execution">
    >();
  });
});
