// The calls that reach outside the DAG processor (network, databases, processes, sleeping), as
// data: DG104 reports them at parse time and the parse-cost summary counts them. The setting
// `ioCalls` adds qualified names to IO_CALLS. Reading local files (`open`, `yaml.safe_load`,
// `json.load`) is deliberately absent: a config file next to the DAG is cheap and legitimate.
import type { IoKind } from '../settings/schema';

export type { IoKind };

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];

/** Functions whose every call is I/O, by qualified name. */
export const IO_CALLS: Readonly<Record<string, IoKind>> = {
  ...Object.fromEntries(HTTP_METHODS.map((method) => [`requests.${method}`, 'network'])),
  ...Object.fromEntries(HTTP_METHODS.map((method) => [`requests.api.${method}`, 'network'])),
  ...Object.fromEntries([...HTTP_METHODS, 'stream'].map((method) => [`httpx.${method}`, 'network'])),
  'urllib.request.urlopen': 'network',
  'urllib.request.urlretrieve': 'network',
  'urllib3.request': 'network',
  'socket.create_connection': 'network',
  'socket.gethostbyname': 'network',
  'socket.gethostbyname_ex': 'network',
  'socket.gethostbyaddr': 'network',
  'socket.getaddrinfo': 'network',
  'psycopg2.connect': 'database',
  'psycopg.connect': 'database',
  'pymysql.connect': 'database',
  'MySQLdb.connect': 'database',
  'mysql.connector.connect': 'database',
  'sqlite3.connect': 'database',
  'snowflake.connector.connect': 'database',
  'pyodbc.connect': 'database',
  'cx_Oracle.connect': 'database',
  'oracledb.connect': 'database',
  'pymongo.MongoClient': 'database',
  'pandas.read_sql': 'database',
  'pandas.read_sql_query': 'database',
  'pandas.read_sql_table': 'database',
  'subprocess.run': 'subprocess',
  'subprocess.call': 'subprocess',
  'subprocess.check_call': 'subprocess',
  'subprocess.check_output': 'subprocess',
  'subprocess.Popen': 'subprocess',
  'subprocess.getoutput': 'subprocess',
  'subprocess.getstatusoutput': 'subprocess',
  'os.system': 'subprocess',
  'os.popen': 'subprocess',
  'time.sleep': 'sleep',
};

export interface ClientFactory {
  kind: IoKind;
  /** What the created object is, for messages: "a boto3 client". */
  noun: string;
  /** Methods of the created object that do no I/O. */
  quietMethods: readonly string[];
}

/**
 * Calls that create a client object: creating it does no I/O, but calling its methods does.
 * `boto3.client("s3")` is free; `s3.list_objects_v2(...)` is a request to AWS.
 */
export const CLIENT_FACTORIES: Readonly<Record<string, ClientFactory>> = {
  'boto3.client': {
    kind: 'network',
    noun: 'a boto3 client',
    quietMethods: ['get_paginator', 'can_paginate', 'get_waiter', 'close', 'meta', 'exceptions'],
  },
  'boto3.resource': { kind: 'network', noun: 'a boto3 resource', quietMethods: ['meta', 'Bucket', 'Object', 'Table', 'Queue', 'Topic'] },
  'sqlalchemy.create_engine': {
    kind: 'database',
    noun: 'a SQLAlchemy engine',
    quietMethods: ['dispose', 'url', 'dialect', 'execution_options', 'update_execution_options'],
  },
  'requests.Session': {
    kind: 'network',
    noun: 'a requests session',
    quietMethods: ['mount', 'close', 'headers', 'auth', 'prepare_request'],
  },
  'requests.session': {
    kind: 'network',
    noun: 'a requests session',
    quietMethods: ['mount', 'close', 'headers', 'auth', 'prepare_request'],
  },
  'httpx.Client': { kind: 'network', noun: 'an httpx client', quietMethods: ['close', 'headers', 'build_request'] },
};

/**
 * Calls that create a session whose methods create the clients above: `boto3.Session(...)` holds
 * credentials and a region, and its `client("s3")` / `resource("s3")` make the same objects as
 * `boto3.client("s3")` / `boto3.resource("s3")` (boto3's own module-level functions go through a
 * default session). Creating a session or a client does no I/O; the client's methods do.
 */
export const SESSION_FACTORIES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'boto3.Session': { client: 'boto3.client', resource: 'boto3.resource' },
  'boto3.session.Session': { client: 'boto3.client', resource: 'boto3.resource' },
};

/** True when calls of this kind reach a database or the network (what escalates severity). */
export function reachesService(kind: IoKind | 'variable' | 'connection' | 'hook'): boolean {
  return kind !== 'subprocess' && kind !== 'sleep';
}
