// Size floor (bench/size.mjs): Lit, @lit/context and @lit/task used the way the widgets use them
// (decorators, a context consumer and provider, a task, `repeat`), with no joined-care code.
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ContextConsumer, ContextProvider, createContext } from '@lit/context';
import { Task } from '@lit/task';

const floorContext = createContext<string>('floor');

@customElement('jc-floor-lit')
export class JcFloorLit extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
  `;

  @property() name = '';
  @state() private items: string[] = [];
  private readonly consumer = new ContextConsumer(this, { context: floorContext, subscribe: true });
  private readonly provider = new ContextProvider(this, { context: floorContext });
  private readonly task = new Task(this, { task: ([n]: [string]) => Promise.resolve(n), args: () => [this.name] as [string] });

  override render() {
    this.provider.setValue(this.name);
    return html`${this.consumer.value} ${this.task.render({ complete: (v) => v })}
      <ul>
        ${repeat(
          this.items,
          (i) => i,
          (i) => html`<li>${i}</li>`,
        )}
      </ul>`;
  }
}
