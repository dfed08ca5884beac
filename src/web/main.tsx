// dkfds exports only its JS, so its stylesheet (with fonts and icons) is imported by path.
import '../../node_modules/dkfds/dist/css/dkfds.min.css';
import './app.css';
// Layout classes shared by many features' pages (filter rows, forms, catalogue entries).
import './components/page-layout.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
