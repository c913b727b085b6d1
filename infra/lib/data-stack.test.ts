import { TABLES, type TableDefinition } from "@coffee/data";
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { buildTestApp } from "./testing/test-app.js";

const { stacks } = buildTestApp();
const template = Template.fromStack(stacks.data);

type CfnTable = {
  KeySchema: { AttributeName: string; KeyType: string }[];
  AttributeDefinitions: { AttributeName: string; AttributeType: string }[];
  GlobalSecondaryIndexes?: {
    IndexName: string;
    KeySchema: { AttributeName: string; KeyType: string }[];
    Projection: { ProjectionType: string };
  }[];
  BillingMode: string;
  PointInTimeRecoverySpecification?: { PointInTimeRecoveryEnabled: boolean };
};

function tableWithKey(def: TableDefinition): { props: CfnTable; deletionPolicy: string } {
  const tables = Object.values(template.findResources("AWS::DynamoDB::Table"));
  const match = tables.filter(
    (t) => (t.Properties as CfnTable).KeySchema[0]?.AttributeName === def.partitionKey.name,
  );
  expect(match).toHaveLength(1);
  return { props: match[0]!.Properties as CfnTable, deletionPolicy: match[0]!.DeletionPolicy };
}

function keys(def: { partitionKey: { name: string }; sortKey?: { name: string } }) {
  return [
    { AttributeName: def.partitionKey.name, KeyType: "HASH" },
    ...(def.sortKey ? [{ AttributeName: def.sortKey.name, KeyType: "RANGE" }] : []),
  ];
}

describe("data stack", () => {
  it("creates exactly the tables that TABLES describes", () => {
    template.resourceCountIs("AWS::DynamoDB::Table", Object.keys(TABLES).length);
  });

  for (const [name, def] of Object.entries(TABLES) as [string, TableDefinition][]) {
    it(`${name}: keys and indexes as the data layer uses them, on-demand, with PITR`, () => {
      const { props } = tableWithKey(def);
      expect(props.KeySchema).toEqual(keys(def));
      expect(props.BillingMode).toBe("PAY_PER_REQUEST");
      expect(props.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      const gsis = props.GlobalSecondaryIndexes ?? [];
      expect(gsis.map((g) => g.IndexName)).toEqual(
        def.globalSecondaryIndexes.map((g) => g.indexName),
      );
      for (const gsi of def.globalSecondaryIndexes) {
        const cfn = gsis.find((g) => g.IndexName === gsi.indexName)!;
        expect(cfn.KeySchema).toEqual(keys(gsi));
        expect(cfn.Projection).toEqual({ ProjectionType: "ALL" });
      }
      const declared = new Map(
        props.AttributeDefinitions.map((a) => [a.AttributeName, a.AttributeType]),
      );
      for (const key of [
        def.partitionKey,
        def.sortKey,
        ...def.globalSecondaryIndexes.flatMap((g) => [g.partitionKey, g.sortKey]),
      ]) {
        if (key) expect(declared.get(key.name)).toBe(key.type);
      }
    });
  }

  it("deletes the tables with the stack unless asked to keep them", () => {
    expect(tableWithKey(TABLES.orders).deletionPolicy).toBe("Delete");
    const kept = Template.fromStack(buildTestApp({ retainData: true }).stacks.data);
    for (const t of Object.values(kept.findResources("AWS::DynamoDB::Table"))) {
      expect(t.DeletionPolicy).toBe("Retain");
    }
  });

  it("has one custom event bus", () => {
    template.resourceCountIs("AWS::Events::EventBus", 1);
  });
});
