import { render } from 'preact';
import { Options } from './Options.tsx';
import '../../features/pages.css';

render(<Options />, document.getElementById('app')!);
