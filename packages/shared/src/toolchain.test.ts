import { describe, expect, it } from "vitest";

// The project brings Node 22 through the `node` devDependency; the machine may have another.
describe("toolchain", () => {
  it("runs the tests on Node 22, as Lambda and the durable SDK expect", () => {
    expect(process.versions.node.split(".")[0]).toBe("22");
  });

  it("has node:sqlite, the runtime's embedded store", async () => {
    const { DatabaseSync } = await import("node:sqlite");
    const db = new DatabaseSync(":memory:");
    expect(db.prepare("select sqlite_version() as v").get()).toHaveProperty("v");
    db.close();
  });
});
