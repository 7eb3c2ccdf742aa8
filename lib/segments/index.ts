export { compileSegment, compileWhere, type CompiledSql } from "./compile";
export { segmentAudienceSql, segmentWhere } from "./membership";
export { rulesSchema, emptyRules, type Rules, type Condition, type Group } from "./rules";
export { SqlParams } from "./params";
export * from "./service";
