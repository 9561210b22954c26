import { render } from 'preact';
import 'uplot/dist/uPlot.min.css';
import '../../features/pages.css';
import './competitors.css';
import { Competitors } from './Competitors.tsx';

render(<Competitors />, document.getElementById('app')!);
