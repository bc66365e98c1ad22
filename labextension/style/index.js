import './base.css';
import './views.css';
import './nxdata.css';
