import './base.css';
import './views.css';
import './fair.css';
import './nxdata.css';
