// Which texts the DAG processor's safe mode parses (core/dagFile.ts): both "airflow" and "dag" in
// the text, ignoring case.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDagFileText } from '../../server/src/core/dagFile';

/** The plain definition: the lowered text holds both words. */
const byLowering = (text: string) => text.toLowerCase().includes('airflow') && text.toLowerCase().includes('dag');

describe('isDagFileText', () => {
  it('finds both words in any ASCII case, anywhere in the text', () => {
    assert.equal(isDagFileText('from AirFlow import DAG'), true);
    assert.equal(isDagFileText('# aIrFlOw\nx = 1\n# mydAgs'), true);
    assert.equal(isDagFileText('from airflow import models'), false);
    assert.equal(isDagFileText('dag = make()'), false);
    assert.equal(isDagFileText(''), false);
  });

  it('answers as the lowered text does where a non-ASCII character lowers to ASCII (İ, the Kelvin sign)', () => {
    const lowersToAscii: string[] = [];
    for (let codePoint = 0x80; codePoint <= 0x10ffff; codePoint++) {
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
      const character = String.fromCodePoint(codePoint);
      if (/[a-z]/.test(character.toLowerCase())) lowersToAscii.push(character);
    }
    assert.ok(lowersToAscii.includes('\u0130') && lowersToAscii.includes('\u212a'));
    for (const character of lowersToAscii) {
      for (const [word, other] of [
        ['airflow', 'dag'],
        ['dag', 'airflow'],
      ]) {
        for (let at = 0; at < word.length; at++) {
          const text = `${word.slice(0, at)}${character}${word.slice(at + 1)} ${other}`;
          assert.equal(isDagFileText(text), byLowering(text), JSON.stringify(text));
        }
      }
    }
  });
});
