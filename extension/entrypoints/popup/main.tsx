import { render } from 'preact';
import { Popup } from './Popup.tsx';
import '../../features/pages.css';

render(<Popup />, document.getElementById('app')!);
