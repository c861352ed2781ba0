/** A duty's finding, as `safeguard check --format json` writes it (docs/OUTPUT.md). */
export interface Finding {
  rule: string;
  subject: "case" | Record<string, unknown>;
  status: "met" | "met_late" | "pending" | "due_soon" | "missed" | "prohibited" | "not_applicable";
  deadline?: string | null;
  met_at?: string | null;
  reason: string;
  [field: string]: unknown;
}

/** A refused input. */
export declare class SafeguardError extends Error {
  /** decode | validate | evaluate | buffer | internal */
  readonly stage: string;
  /** The stable code: syntax, capacity_exceeded, now_before_case, … */
  readonly code: string;
  /** The field it names, as the command line does (`victims[0].age_at_offence`); "" for the whole document or text that is not JSON. */
  readonly field: string;
}

/** Instantiates the module from its bytes with the catalogue, the text of catalogue.json (not needed in node). */
export declare function init(bytes: ArrayBuffer | Uint8Array, catalogueJson: string): void;
/** The findings for a case (JSON text), a policy (JSON text, "" or null: the default) and now (RFC 3339). */
export declare function evaluate(caseJson: string, policyJson: string | null, nowIso: string): Finding[];
/** The rule catalogue (the `rules` of `safeguard rules --json`). */
export declare function rules(): Array<Record<string, unknown>>;
/** The catalogue's version. */
export declare function version(): { catalogue_version: number };
