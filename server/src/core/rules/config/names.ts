// How config findings name a setting: `[core] parallelism` in airflow.cfg and Helm values,
// `AIRFLOW__CORE__PARALLELISM` in environment files, so the message uses the user's own spelling.
import { envVarName } from '../../config/catalogue';
import type { ConfigDocument, ConfigSetting } from '../../config/document';
import type { Range } from '../../syntax/positions';

export function displayName(setting: Pick<ConfigSetting, 'origin' | 'section' | 'key' | 'variant'>): string {
  return setting.origin === 'env' ? envVarName(setting.section, setting.key, setting.variant) : `[${setting.section}] ${setting.key}`;
}

export function targetName(origin: ConfigSetting['origin'], section: string, key: string): string {
  return origin === 'env' ? envVarName(section, key) : `[${section}] ${key}`;
}

export function nameRange(document: ConfigDocument, setting: ConfigSetting): Range {
  return document.lines.rangeOf(setting.nameStart, setting.nameEnd);
}

const indexes = new WeakMap<ConfigDocument, Map<string, ConfigSetting>>();

/** Whether the document sets `section.key` (in any of its forms): the first such setting. */
export function sets(document: ConfigDocument, section: string, key: string): ConfigSetting | undefined {
  let index = indexes.get(document);
  if (!index) {
    index = new Map();
    for (const setting of document.settings) {
      const name = `${setting.section}\u0000${setting.key}`;
      if (!index.has(name)) index.set(name, setting);
    }
    indexes.set(document, index);
  }
  return index.get(`${section}\u0000${key}`);
}
