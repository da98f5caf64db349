// What a row of the node palette says (rules/nodeTypes.ts assembles the rows of the files beside
// this one, one file per category), and the pieces several rows share.

export const NODE_TYPE_PREFIX = 'org.thingsboard.rule.engine.';

/** The reference's categories, in the order the palette shows them. */
export type NodeCategory = 'filter' | 'enrichment' | 'transformation' | 'action' | 'external' | 'flow';

export const CATEGORY_LABELS: Record<NodeCategory, string> = {
  filter: 'Filter',
  enrichment: 'Enrichment',
  transformation: 'Transformation',
  action: 'Action',
  external: 'External',
  flow: 'Flow',
};

/** A configuration key the node form edits with its own control; the rest stay JSON. */
export interface ConfigField {
  /** A configuration key, or a dotted path into a nested object: credentials.type. */
  key: string;
  label: string;
  /**
   * script: JavaScript, a function body; list: an array of strings typed comma-separated;
   * map: an object of strings typed one `key: value` a line; ruleChain: the id of one of the
   * tenant's rule chains, picked from a list; password: text not shown nor trimmed.
   */
  kind: 'text' | 'password' | 'number' | 'boolean' | 'select' | 'list' | 'script' | 'map' | 'ruleChain';
  options?: { value: string; label: string }[];
  hint?: string;
  required?: boolean;
  /** Shown only while the field `key` has one of `in`; hidden, it is left out of the configuration. */
  showIf?: { key: string; in: string[] };
}

export interface NodeTypeDef {
  /** The full type name, e.g. org.thingsboard.rule.engine.filter.TbJsFilterNode. */
  type: string;
  label: string;
  category: NodeCategory;
  description: string;
  /** The relation names the node sends messages on, offered when connecting it. */
  relations: string[];
  configuration: Record<string, unknown>;
  fields: ConfigField[];
  /** No messages come in (a generator) or none leave (a rule chain output): no such dot. */
  noInput?: boolean;
  noOutput?: boolean;
}

export const def = (short: string, rest: Omit<NodeTypeDef, 'type'>): NodeTypeDef => ({ type: NODE_TYPE_PREFIX + short, ...rest });

export const options = (...values: string[]) => values.map((v) => ({ value: v, label: v }));

export const FN = 'The body of function(msg, metadata, msgType)';

export const script = (hint: string): ConfigField => ({ key: 'jsScript', label: 'Script (JavaScript)', kind: 'script', required: true, hint });

/** Where an enrichment node puts what it fetches (the reference's fetchTo). */
export const FETCH_TO: ConfigField = {
  key: 'fetchTo',
  label: 'Add to',
  kind: 'select',
  options: [
    { value: 'METADATA', label: 'Metadata' },
    { value: 'DATA', label: 'Message data' },
  ],
};

/** Anonymous or basic credentials of the external nodes. */
export const CREDENTIALS: ConfigField[] = [
  {
    key: 'credentials.type',
    label: 'Credentials',
    kind: 'select',
    options: [
      { value: 'anonymous', label: 'Anonymous' },
      { value: 'basic', label: 'Basic (user name and password)' },
    ],
  },
  { key: 'credentials.username', label: 'User name', kind: 'text', required: true, showIf: { key: 'credentials.type', in: ['basic'] } },
  { key: 'credentials.password', label: 'Password', kind: 'password', showIf: { key: 'credentials.type', in: ['basic'] } },
];

/** The reference's relations query from the originator, as its default configurations write it. */
export const RELATIONS_QUERY = {
  direction: 'FROM',
  maxLevel: 1,
  filters: [{ relationType: 'Contains', entityTypes: [] }],
  fetchLastLevelOnly: false,
};

export const TIME_UNITS = options('MILLISECONDS', 'SECONDS', 'MINUTES', 'HOURS', 'DAYS');
