// Size floor (bench/size.mjs): Lit plus what every widget takes from core: <jc-context> and the
// JcElement base (FHIR client, request cache, patient resolution and guard, states, strings,
// tokens), with an element that draws nothing of its own.
import '@joinedcare/core/define.js';
import { JcElement, safeDefine } from '@joinedcare/core';
import { html } from 'lit';

export class JcFloorCore extends JcElement {
  override render() {
    return html`${this.contextPatient?.id ?? ''}`;
  }
}
safeDefine('jc-floor-core', JcFloorCore);
