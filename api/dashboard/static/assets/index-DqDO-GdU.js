const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/TriggerDetail-Df8U6CuK.js","assets/preload-helper-CVfkMyKi.js","assets/EventList-Lw-nKXjQ.js","assets/client-wkOhMJXj.js","assets/TriggerForm-BEO59PpU.js","assets/DefinitionFields-NvNf_3Za.js","assets/Try-B0nuWyMY.js","assets/Events-Dph5pNpN.js"])))=>i.map(i=>d[i]);
import{_ as be}from"./preload-helper-CVfkMyKi.js";var ie,p,pt,gt,H,Ye,vt,mt,Pe,pe,Y,yt,Ge,Le,Me,$t,me={},ye=[],Jt=/acit|ex(?:s|g|n|p|$)|rph|grid|ows|mnc|ntw|ine[ch]|zoo|^ord|itera/i,oe=Array.isArray;function x(t,e){for(var n in e)t[n]=e[n];return t}function ze(t){t&&t.parentNode&&t.parentNode.removeChild(t)}function U(t,e,n){var r,o,i,a={};for(i in e)i=="key"?r=e[i]:i=="ref"?o=e[i]:a[i]=e[i];if(arguments.length>2&&(a.children=arguments.length>3?ie.call(arguments,2):n),typeof t=="function"&&t.defaultProps!=null)for(i in t.defaultProps)a[i]===void 0&&(a[i]=t.defaultProps[i]);return V(t,a,r,o,null)}function V(t,e,n,r,o){var i={type:t,props:e,key:n,ref:r,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:o??++pt,__i:-1,__u:0};return o==null&&p.vnode!=null&&p.vnode(i),i}function G(t){return t.children}function ee(t,e){this.props=t,this.context=e}function j(t,e){if(e==null)return t.__?j(t.__,t.__i+1):null;for(var n;e<t.__k.length;e++)if((n=t.__k[e])!=null&&n.__e!=null)return n.__e;return typeof t.type=="function"?j(t):null}function Kt(t){if(t.__P&&t.__d){var e=t.__v,n=e.__e,r=[],o=[],i=x({},e);i.__v=e.__v+1,p.vnode&&p.vnode(i),Be(t.__P,i,e,t.__n,t.__P.namespaceURI,32&e.__u?[n]:null,r,n??j(e),!!(32&e.__u),o),i.__v=e.__v,i.__.__k[i.__i]=i,At(r,i,o),e.__e=e.__=null,i.__e!=n&&wt(i)}}function wt(t){if((t=t.__)!=null&&t.__c!=null)return t.__e=t.__c.base=null,t.__k.some(function(e){if(e!=null&&e.__e!=null)return t.__e=t.__c.base=e.__e}),wt(t)}function He(t){(!t.__d&&(t.__d=!0)&&H.push(t)&&!$e.__r++||Ye!=p.debounceRendering)&&((Ye=p.debounceRendering)||vt)($e)}function $e(){try{for(var t,e=1;H.length;)H.length>e&&H.sort(mt),t=H.shift(),e=H.length,Kt(t)}finally{H.length=$e.__r=0}}function Tt(t,e,n,r,o,i,a,u,_,c,f){var h,s,d,v,b,m,w=r&&r.__k||ye,g=e.length;for(_=Zt(n,e,w,_,g),h=0;h<g;h++)(d=n.__k[h])!=null&&(s=d.__i!=-1&&w[d.__i]||me,d.__i=h,m=Be(t,d,s,o,i,a,u,_,c,f),v=d.__e,d.ref&&s.ref!=d.ref&&(s.ref&&Qe(s.ref,null,d),f.push(d.ref,d.__c||v,d)),b==null&&v!=null&&(b=v),4&d.__u?(_=St(d,_,t),s.__e&&(s.__e=null)):typeof d.type=="function"&&m!==void 0?_=m:v&&(_=v.nextSibling),d.__u&=-7);return n.__e=b,_}function Zt(t,e,n,r,o){var i,a,u,_,c,f=n.length,h=f,s=0;for(t.__k=new Array(o),i=0;i<o;i++)(a=e[i])!=null&&typeof a!="boolean"&&typeof a!="function"?(typeof a=="string"||typeof a=="number"||typeof a=="bigint"||a.constructor==String?a=t.__k[i]=V(null,a,null,null,null):oe(a)?a=t.__k[i]=V(G,{children:a},null,null,null):a.constructor===void 0&&a.__b>0?a=t.__k[i]=V(a.type,a.props,a.key,a.ref?a.ref:null,a.__v):t.__k[i]=a,_=i+s,a.__=t,a.__b=t.__b+1,u=null,(c=a.__i=Xt(a,n,_,h))!=-1&&(h--,(u=n[c])&&(u.__u|=2)),u==null||u.__v==null?(c==-1&&(o>f?s--:o<f&&s++),typeof a.type!="function"&&(a.__u|=4)):c!=_&&(c==_-1?s--:c==_+1?s++:(c>_?s--:s++,a.__u|=4))):t.__k[i]=null;if(h)for(i=0;i<f;i++)(u=n[i])!=null&&(2&u.__u)==0&&(u.__e==r&&(r=j(u)),It(u,u));return r}function St(t,e,n){var r,o;if(typeof t.type=="function"){for(r=t.__k,o=0;r&&o<r.length;o++)r[o]&&(r[o].__=t,e=St(r[o],e,n));return e}t.__e!=e&&(e&&t.type&&!e.parentNode&&(e=j(t)),e=n.insertBefore(t.__e,e||null));do e=e&&e.nextSibling;while(e!=null&&e.nodeType==8);return e}function kt(t,e){return e=e||[],t==null||typeof t=="boolean"||(oe(t)?t.some(function(n){kt(n,e)}):e.push(t)),e}function Xt(t,e,n,r){var o,i,a,u=t.key,_=t.type,c=e[n],f=c!=null&&(2&c.__u)==0;if(c===null&&u==null||f&&u==c.key&&_==c.type)return n;if(r>(f?1:0)){for(o=n-1,i=n+1;o>=0||i<e.length;)if((c=e[a=o>=0?o--:i++])!=null&&(2&c.__u)==0&&u==c.key&&_==c.type)return a}return-1}function Ve(t,e,n){e[0]=="-"?t.setProperty(e,n??""):t[e]=n==null?"":typeof n!="number"||Jt.test(e)?n:n+"px"}function le(t,e,n,r,o){var i,a;e:if(e=="style")if(typeof n=="string")t.style.cssText=n;else{if(typeof r=="string"&&(t.style.cssText=r=""),r)for(e in r)n&&e in n||Ve(t.style,e,"");if(n)for(e in n)r&&n[e]==r[e]||Ve(t.style,e,n[e])}else if(e[0]=="o"&&e[1]=="n")i=e!=(e=e.replace(yt,"$1")),a=e.toLowerCase(),e=a in t||e=="onFocusOut"||e=="onFocusIn"?a.slice(2):e.slice(2),t.l||(t.l={}),t.l[e+i]=n,n?r?n[Y]=r[Y]:(n[Y]=Ge,t.addEventListener(e,i?Me:Le,i)):t.removeEventListener(e,i?Me:Le,i);else{if(o=="http://www.w3.org/2000/svg")e=e.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(e!="width"&&e!="height"&&e!="href"&&e!="list"&&e!="form"&&e!="tabIndex"&&e!="download"&&e!="rowSpan"&&e!="colSpan"&&e!="role"&&e!="popover"&&e in t)try{t[e]=n??"";break e}catch{}typeof n=="function"||(n==null||n===!1&&e[4]!="-"?t.removeAttribute(e):t.setAttribute(e,e=="popover"&&n==1?"":n))}}function et(t){return function(e){if(this.l){var n=this.l[e.type+t];if(e[pe]==null)e[pe]=Ge++;else if(e[pe]<n[Y])return;return n(p.event?p.event(e):e)}}}function Be(t,e,n,r,o,i,a,u,_,c){var f,h,s,d,v,b,m,w,g,E,D,P,q,ue,B,k,I=e.type;if(e.constructor!==void 0)return null;128&n.__u&&(_=!!(32&n.__u),i=[u=e.__e=n.__e]),(f=p.__b)&&f(e);e:if(typeof I=="function"){h=a.length;try{if(g=e.props,E=I.prototype&&I.prototype.render,D=(f=I.contextType)&&r[f.__c],P=f?D?D.props.value:f.__:r,n.__c?w=(s=e.__c=n.__c).__=s.__E:(E?e.__c=s=new I(g,P):(e.__c=s=new ee(g,P),s.constructor=I,s.render=Vt),D&&D.sub(s),s.state||(s.state={}),s.__n=r,d=s.__d=!0,s.__h=[],s._sb=[]),E&&s.__s==null&&(s.__s=s.state),E&&I.getDerivedStateFromProps!=null&&(s.__s==s.state&&(s.__s=x({},s.__s)),x(s.__s,I.getDerivedStateFromProps(g,s.__s))),v=s.props,b=s.state,s.__v=e,d)E&&I.getDerivedStateFromProps==null&&s.componentWillMount!=null&&s.componentWillMount(),E&&s.componentDidMount!=null&&s.__h.push(s.componentDidMount);else{if(E&&I.getDerivedStateFromProps==null&&g!==v&&s.componentWillReceiveProps!=null&&s.componentWillReceiveProps(g,P),e.__v==n.__v||!s.__e&&s.shouldComponentUpdate!=null&&s.shouldComponentUpdate(g,s.__s,P)===!1){e.__v!=n.__v&&(s.props=g,s.state=s.__s,s.__d=!1),e.__e=n.__e,e.__k=n.__k,e.__k.some(function(M){M&&(M.__=e)}),ye.push.apply(s.__h,s._sb),s._sb=[],s.__h.length&&a.push(s),u=j(n);break e}s.componentWillUpdate!=null&&s.componentWillUpdate(g,s.__s,P),E&&s.componentDidUpdate!=null&&s.__h.push(function(){s.componentDidUpdate(v,b,m)})}if(s.context=P,s.props=g,s.__P=t,s.__e=!1,q=p.__r,ue=0,E)s.state=s.__s,s.__d=!1,q&&q(e),f=s.render(s.props,s.state,s.context),ye.push.apply(s.__h,s._sb),s._sb=[];else do s.__d=!1,q&&q(e),f=s.render(s.props,s.state,s.context),s.state=s.__s;while(s.__d&&++ue<25);s.state=s.__s,s.getChildContext!=null&&(r=x(x({},r),s.getChildContext())),E&&!d&&s.getSnapshotBeforeUpdate!=null&&(m=s.getSnapshotBeforeUpdate(v,b)),B=f!=null&&f.type===G&&f.key==null?Et(f.props.children):f,u=Tt(t,oe(B)?B:[B],e,n,r,o,i,a,u,_,c),s.base=e.__e,e.__u&=-161,s.__h.length&&a.push(s),w&&(s.__E=s.__=null)}catch(M){if(a.length=h,e.__v=null,_||i!=null){if(M.then){for(e.__u|=_?160:128;u&&u.nodeType==8&&u.nextSibling;)u=u.nextSibling;i!=null&&(i[i.indexOf(u)]=null),e.__e=u}else if(i!=null)for(k=i.length;k--;)ze(i[k])}else e.__e=n.__e;e.__k==null&&(e.__k=n.__k||[]),M.then||bt(e),p.__e(M,e,n)}}else i==null&&e.__v==n.__v?(e.__k=n.__k,e.__e=n.__e):u=e.__e=Yt(n.__e,e,n,r,o,i,a,_,c);return(f=p.diffed)&&f(e),128&e.__u?void 0:u}function bt(t){t&&(t.__c&&(t.__c.__e=!0),t.__k&&t.__k.some(bt))}function At(t,e,n){for(var r=0;r<n.length;r++)Qe(n[r],n[++r],n[++r]);p.__c&&p.__c(e,t),t.some(function(o){try{t=o.__h,o.__h=[],t.some(function(i){i.call(o)})}catch(i){p.__e(i,o.__v)}})}function Et(t){return typeof t!="object"||t==null||t.__b>0?t:oe(t)?t.map(Et):t.constructor!==void 0?null:x({},t)}function Yt(t,e,n,r,o,i,a,u,_){var c,f,h,s,d,v,b,m=n.props||me,w=e.props,g=e.type;if(g=="svg"?o="http://www.w3.org/2000/svg":g=="math"?o="http://www.w3.org/1998/Math/MathML":o||(o="http://www.w3.org/1999/xhtml"),i!=null){for(c=0;c<i.length;c++)if((d=i[c])&&"setAttribute"in d==!!g&&(g?d.localName==g:d.nodeType==3)){t=d,i[c]=null;break}}if(t==null){if(g==null)return document.createTextNode(w);t=document.createElementNS(o,g,w.is&&w),u&&(p.__m&&p.__m(e,i),u=!1),i=null}if(g==null)m===w||u&&t.data==w||(t.data=w);else{if(i=g=="textarea"&&w.defaultValue!=null?null:i&&ie.call(t.childNodes),!u&&i!=null)for(m={},c=0;c<t.attributes.length;c++)m[(d=t.attributes[c]).name]=d.value;for(c in m)d=m[c],c=="dangerouslySetInnerHTML"?h=d:c=="children"||c in w||c=="value"&&"defaultValue"in w||c=="checked"&&"defaultChecked"in w||le(t,c,null,d,o);for(c in w)d=w[c],c=="children"?s=d:c=="dangerouslySetInnerHTML"?f=d:c=="value"?v=d:c=="checked"?b=d:u&&typeof d!="function"||m[c]===d||le(t,c,d,m[c],o);if(f)u||h&&(f.__html==h.__html||f.__html==t.innerHTML)||(t.innerHTML=f.__html),e.__k=[];else if(h&&(t.innerHTML=""),Tt(e.type=="template"?t.content:t,oe(s)?s:[s],e,n,r,g=="foreignObject"?"http://www.w3.org/1999/xhtml":o,i,a,i?i[0]:n.__k&&j(n,0),u,_),i!=null)for(c=i.length;c--;)ze(i[c]);u&&g!="textarea"||(c="value",g=="progress"&&v==null?t.removeAttribute("value"):v!=null&&(v!==t[c]||g=="progress"&&!v||g=="option"&&v!=m[c])&&le(t,c,v,m[c],o),c="checked",b!=null&&b!=t[c]&&le(t,c,b,m[c],o))}return t}function Qe(t,e,n){try{if(typeof t=="function"){var r=typeof t.__u=="function";r&&t.__u(),r&&e==null||(t.__u=t(e))}else t.current=e}catch(o){p.__e(o,n)}}function It(t,e,n){var r,o;if(p.unmount&&p.unmount(t),(r=t.ref)&&(r.current&&r.current!=t.__e||Qe(r,null,e)),(r=t.__c)!=null){if(r.componentWillUnmount)try{r.componentWillUnmount()}catch(i){p.__e(i,e)}r.base=r.__P=r.__n=null}if(r=t.__k)for(o=0;o<r.length;o++)r[o]&&It(r[o],e,n||typeof t.type!="function");n||ze(t.__e),t.__c=t.__=t.__e=void 0}function Vt(t,e,n){return this.constructor(t,n)}function en(t,e,n){var r,o,i,a;e==document&&(e=document.documentElement),p.__&&p.__(t,e),o=(r=!1)?null:e.__k,i=[],a=[],Be(e,t=e.__k=U(G,null,[t]),o||me,me,e.namespaceURI,o?null:e.firstChild?ie.call(e.childNodes):null,i,o?o.__e:e.firstChild,r,a),At(i,t,a),t.props.children=null}function tt(t,e,n){var r,o,i,a,u=x({},t.props);for(i in t.type&&t.type.defaultProps&&(a=t.type.defaultProps),e)i=="key"?r=e[i]:i=="ref"?o=e[i]:u[i]=e[i]===void 0&&a!=null?a[i]:e[i];return arguments.length>2&&(u.children=arguments.length>3?ie.call(arguments,2):n),V(t.type,u,r||t.key,o||t.ref,null)}function Ft(t){function e(n){var r,o;return this.getChildContext||(r=new Set,(o={})[e.__c]=this,this.getChildContext=function(){return o},this.componentWillUnmount=function(){r=null},this.shouldComponentUpdate=function(i){this.props.value!=i.value&&r.forEach(function(a){a.__e=!0,He(a)})},this.sub=function(i){r.add(i);var a=i.componentWillUnmount;i.componentWillUnmount=function(){r&&r.delete(i),a&&a.call(i)}}),n.children}return e.__c="__cC"+$t++,e.__=t,e.Provider=e.__l=(e.Consumer=function(n,r){return n.children(r)}).contextType=e,e}ie=ye.slice,p={__e:function(t,e,n,r){for(var o,i,a;e=e.__;)if((o=e.__c)&&!o.__)try{if((i=o.constructor)&&i.getDerivedStateFromError!=null&&(o.setState(i.getDerivedStateFromError(t)),a=o.__d),o.componentDidCatch!=null&&(o.componentDidCatch(t,r||{}),a=o.__d),a)return o.__E=o}catch(u){t=u}throw t}},pt=0,gt=function(t){return t!=null&&t.constructor===void 0},ee.prototype.setState=function(t,e){var n;n=this.__s!=null&&this.__s!=this.state?this.__s:this.__s=x({},this.state),typeof t=="function"&&(t=t(x({},n),this.props)),t&&x(n,t),t!=null&&this.__v&&(e&&this._sb.push(e),He(this))},ee.prototype.forceUpdate=function(t){this.__v&&(this.__e=!0,t&&this.__h.push(t),He(this))},ee.prototype.render=G,H=[],vt=typeof Promise=="function"?Promise.prototype.then.bind(Promise.resolve()):setTimeout,mt=function(t,e){return t.__v.__b-e.__v.__b},$e.__r=0,Pe=Math.random().toString(8),pe="__d"+Pe,Y="__a"+Pe,yt=/(PointerCapture)$|Capture$/i,Ge=0,Le=et(!1),Me=et(!0),$t=0;var W,$,Ne,nt,we=0,Dt=[],T=p,rt=T.__b,it=T.__r,ot=T.diffed,st=T.__c,at=T.unmount,ct=T.__;function se(t,e){T.__h&&T.__h($,t,we||e),we=0;var n=$.__H||($.__H={__:[],__h:[]});return t>=n.__.length&&n.__.push({}),n.__[t]}function O(t){return we=1,Je(xt,t)}function Je(t,e,n){var r=se(W++,2);if(r.t=t,!r.__c&&(r.__=[xt(void 0,e),function(u){var _=r.__N?r.__N[0]:r.__[0],c=r.t(_,u);_!==c&&(r.__N=[c,r.__[1]],r.__c.setState({}))}],r.__c=$,!$.__f)){var o=function(u,_,c){if(!r.__c.__H)return!0;var f=!1,h=r.__c.props!==u;if(r.__c.__H.__.some(function(d){if(d.__N){f=!0;var v=d.__[0];d.__=d.__N,d.__N=void 0,v!==d.__[0]&&(h=!0)}}),i){var s=i.call(this,u,_,c);return f?s||h:s}return!f||h};$.__f=!0;var i=$.shouldComponentUpdate,a=$.componentWillUpdate;$.componentWillUpdate=function(u,_,c){if(this.__e){var f=i;i=void 0,o(u,_,c),i=f}a&&a.call(this,u,_,c)},$.shouldComponentUpdate=o}return r.__N||r.__}function Ae(t,e){var n=se(W++,3);!T.__s&&Ze(n.__H,e)&&(n.__=t,n.u=e,$.__H.__h.push(n))}function Ct(t,e){var n=se(W++,4);!T.__s&&Ze(n.__H,e)&&(n.__=t,n.u=e,$.__h.push(n))}function C(t){return we=5,J(function(){return{current:t}},[])}function J(t,e){var n=se(W++,7);return Ze(n.__H,e)&&(n.__=t(),n.__H=e,n.__h=t),n.__}function Ke(t){var e=$.context[t.__c],n=se(W++,9);return n.c=t,e?(n.__==null&&(n.__=!0,e.sub($)),e.props.value):t.__}function tn(){for(var t;t=Dt.shift();){var e=t.__H;if(t.__P&&e)try{e.__h.some(ge),e.__h.some(Oe),e.__h=[]}catch(n){e.__h=[],T.__e(n,t.__v)}}}T.__b=function(t){$=null,rt&&rt(t)},T.__=function(t,e){t&&e.__k&&e.__k.__m&&(t.__m=e.__k.__m),ct&&ct(t,e)},T.__r=function(t){it&&it(t),W=0;var e=($=t.__c).__H;e&&(Ne===$?(e.__h=[],$.__h=[],e.__.some(function(n){n.__N&&(n.__=n.__N),n.u=n.__N=void 0})):(e.__h.some(ge),e.__h.some(Oe),e.__h=[],W=0)),Ne=$},T.diffed=function(t){ot&&ot(t);var e=t.__c;e&&e.__H&&(e.__H.__h.length&&(Dt.push(e)!==1&&nt===T.requestAnimationFrame||((nt=T.requestAnimationFrame)||nn)(tn)),e.__H.__.some(function(n){n.u&&(n.__H=n.u,n.u=void 0)})),Ne=$=null},T.__c=function(t,e){e.some(function(n){try{n.__h.some(ge),n.__h=n.__h.filter(function(r){return!r.__||Oe(r)})}catch(r){e.some(function(o){o.__h&&(o.__h=[])}),e=[],T.__e(r,n.__v)}}),st&&st(t,e)},T.unmount=function(t){at&&at(t);var e,n=t.__c;n&&n.__H&&(n.__H.__.some(function(r){try{ge(r)}catch(o){e=o}}),n.__H=void 0,e&&T.__e(e,n.__v))};var ut=typeof requestAnimationFrame=="function";function nn(t){var e,n=function(){clearTimeout(r),ut&&cancelAnimationFrame(e),setTimeout(t)},r=setTimeout(n,35);ut&&(e=requestAnimationFrame(n))}function ge(t){var e=$,n=t.__c;typeof n=="function"&&(t.__c=void 0,n()),$=e}function Oe(t){var e=$;t.__c=t.__(),$=e}function Ze(t,e){return!t||t.length!==e.length||e.some(function(n,r){return n!==t[r]})}function xt(t,e){return typeof e=="function"?e(t):e}let Q,X;function rn(t){return!X||(typeof X=="string"?t.startsWith(X):X.test(t))}function on(t,e){let n="";if(Q=void 0,e&&e.type==="click"){if(e.ctrlKey||e.metaKey||e.altKey||e.shiftKey||e.button!==0)return t;const r=e.composedPath().find(i=>i.nodeName=="A"&&i.href),o=r&&r.getAttribute("href");if(!r||r.origin!=location.origin||/^#/.test(o)||!/^(_?self)?$/i.test(r.target)||!rn(o)||r.download)return t;Q=!0,e.preventDefault(),n=r.href.replace(location.origin,"")}else e&&e.url?(Q=!e.replace,n=e.url):n=location.pathname+location.search;return Q===!0?history.pushState(null,"",n):Q===!1&&history.replaceState(null,"",n),n}const sn=(t,e,n={})=>{t=t.split("/").filter(Boolean),e=(e||"").split("/").filter(Boolean),n.params||(n.params={});for(let r=0,o,i;r<Math.max(t.length,e.length);r++){let[,a,u,_]=(e[r]||"").match(/^(:?)(.*?)([+*?]?)$/);if(o=t[r],!(!a&&u==o)){if(!a&&o&&_=="*"){n.rest="/"+t.slice(r).join("/");break}if(!a||!o&&_!="?"&&_!="*")return;if(i=_=="+"||_=="*",i?o=t.slice(r).map(decodeURIComponent).join("/")||void 0:o&&(o=decodeURIComponent(o)),n.params[u]=o,u in n||(n[u]=o),i)break}}return n};function ae(t){const[e,n]=Je(on,t.url||location.pathname+location.search);t.scope&&(X=t.scope);const r=Q===!0,o=J(()=>{const i=new URL(e,location.origin),a=i.pathname.replace(/\/+$/g,"")||"/";return{url:e,path:a,query:Object.fromEntries(i.searchParams),route:(u,_)=>n({url:u,replace:_}),back:()=>{history.back()},forward:()=>{history.forward()},wasPush:r}},[e]);return Ct(()=>(addEventListener("click",n),addEventListener("popstate",n),()=>{removeEventListener("click",n),removeEventListener("popstate",n)}),[]),U(ae.ctx.Provider,{value:o},t.children)}const an=Promise.resolve();function Pt(t){const[e,n]=Je(k=>k+1,0),{url:r,query:o,wasPush:i,path:a}=Ee();if(!r)throw new Error("preact-iso's <Router> must be used within a <LocationProvider>, see: https://github.com/preactjs/preact-iso#locationprovider");const{rest:u=a,params:_={}}=Ke(qe),c=C(!1),f=C(a),h=C(1),s=C(),d=C(),v=C(),b=C(!1),m=C();m.current=!1;let w,g,E;kt(t.children).some(k=>{if(sn(u,k.props.path,E={...k.props,path:u,query:o,params:Object.assign({},_),rest:""}))return w=tt(k,E);k.props.default&&(g=tt(k,E))});let D=w||g;const P=s.current&&s.current.__u&_e&&s.current.__u&de,q=s.current&&s.current.__h,ue=J(()=>{d.current=s.current,s.current=U(qe.Provider,{value:E},D);const k=d.current&&d.current.props.children;return!k||!D||D.type!==k.type||D.props.component!==k.props.component?(h.current++,!0):!1},[r,JSON.stringify(E)]);P?(s.current.__u|=_e,s.current.__u|=de):q&&(s.current.__h=!0);const B=d.current;return d.current=null,this.__c=(k,I)=>{m.current=!0,d.current=B,t.onLoadStart&&t.onLoadStart(r),c.current=!0;let M=h.current;k.then(()=>{M===h.current&&(d.current=null,s.current&&(I.__h&&(s.current.__h=I.__h),I.__u&de&&(s.current.__u|=de),I.__u&_e&&(s.current.__u|=_e)),an.then(n))})},Ct(()=>{const k=this.__v&&this.__v.__e;if(m.current){!b.current&&!v.current&&(v.current=k);return}!b.current&&v.current&&(v.current!==k&&v.current.remove(),v.current=null),b.current=!0,f.current!==a&&(i&&scrollTo(0,0),t.onRouteChange&&t.onRouteChange(r),f.current=a),t.onLoadEnd&&c.current&&t.onLoadEnd(r),c.current=!1},[a,i,e]),ue?[U(Ue,{r:s,key:h.current}),U(Ue,{r:d,key:h.current-1})]:U(Ue,{r:s,key:h.current})}const _e=32,de=128,Ue=({r:t})=>t.current;Pt.Provider=ae;ae.ctx=Ft({});const qe=Ft({}),N=t=>U(t.component,t),Ee=()=>Ke(ae.ctx),Sr=()=>Ke(qe),lt=p.__b;p.__b=t=>{t.type&&t.type._forwarded&&t.ref&&(t.props.ref=t.ref,t.ref=null),lt&&lt(t)};function Ie(t){let e,n;const r=()=>t().then(i=>n=i&&i.default||i),o=i=>{const[,a]=O(0),u=C(n);if(e||(e=r()),n!==void 0)return U(n,i);throw u.current||(u.current=e.then(()=>a(1))),e};return o.preload=()=>(e||(e=r()),e),o._forwarded=!0,o}const _t=p.__e;p.__e=(t,e,n)=>{if(t&&t.then){let r=e;for(;r=r.__;)if(r.__c&&r.__c.__c)return e.__e==null&&(e.__c.__z=[n.__e],e.__e=n.__e,e.__k=n.__k),e.__k||(e.__k=[]),r.__c.__c(t,e)}_t&&_t(t,e,n)};function cn(t){return this.__c=un,this.componentDidCatch=t.onError,t.children}function un(t){t.then(()=>this.forceUpdate())}var ln=Symbol.for("preact-signals");function Fe(){if(R>1)R--;else{var t,e=!1;for((function(){var o=Se;for(Se=void 0;o!==void 0;){var i=o.S;if(i.v===o.v)for(var a=i.t;a!==void 0;a=a.x)a.i===o.i&&(a.i=i.i);o=o.o}})();ne!==void 0;){var n=ne;for(ne=void 0,Te++;n!==void 0;){var r=n.u;if(n.u=void 0,n.f&=-3,!(8&n.f)&&Ut(n))try{n.c()}catch(o){e||(t=o,e=!0)}n=r}}if(Te=0,R--,e)throw t}}function _n(t){if(R>0)return t();je=++dn,R++;try{return t()}finally{Fe()}}var te,y=void 0;function De(t){var e=y,n=te;y=void 0,te=void 0;try{return t()}finally{y=e,te=n}}var ne=void 0,R=0,Te=0,dn=0,je=0,Se=void 0,ke=0;function Nt(t){if(y!==void 0){var e=t.n;if(e===void 0||e.t!==y)return e={i:0,S:t,p:y.s,n:void 0,t:y,e:void 0,x:void 0,r:e},y.s!==void 0&&(y.s.n=e),y.s=e,t.n=e,32&y.f&&t.S(e),e;if(e.i===-1)return e.i=0,e.n!==void 0&&(e.n.p=e.p,e.p!==void 0&&(e.p.n=e.n),e.p=y.s,e.n=void 0,y.s.n=e,y.s=e),e}}function A(t,e){this.v=t,this.i=0,this.n=void 0,this.t=void 0,this.l=0,this.W=e?.watched,this.Z=e?.unwatched,this.name=e?.name}A.prototype.brand=ln;A.prototype.h=function(){return!0};A.prototype.S=function(t){var e=this,n=this.t;n!==t&&t.e===void 0&&(t.x=n,this.t=t,n!==void 0?n.e=t:De(function(){var r;(r=e.W)==null||r.call(e)}))};A.prototype.U=function(t){var e=this;if(this.t!==void 0){var n=t.e,r=t.x;n!==void 0&&(n.x=r,t.e=void 0),r!==void 0&&(r.e=n,t.x=void 0),t===this.t&&(this.t=r,r===void 0&&De(function(){var o;(o=e.Z)==null||o.call(e)}))}};A.prototype.subscribe=function(t){var e=this;return ce(function(){var n=e.value;De(function(){return t(n)})},{name:"sub"})};A.prototype.valueOf=function(){return this.value};A.prototype.toString=function(){return this.value+""};A.prototype.toJSON=function(){return this.value};A.prototype.peek=function(){var t=this;return De(function(){return t.value})};Object.defineProperty(A.prototype,"value",{get:function(){var t=Nt(this);return t!==void 0&&(t.i=this.i),this.v},set:function(t){if(t!==this.v){if(Te>100)throw new Error("Cycle detected");(function(n){R!==0&&Te===0&&n.l!==je&&(n.l=je,Se={S:n,v:n.v,i:n.i,o:Se})})(this),this.v=t,this.i++,ke++,R++;try{for(var e=this.t;e!==void 0;e=e.x)e.t.N()}finally{Fe()}}}});function Ce(t,e){return new A(t,e)}function Ut(t){for(var e=t.s;e!==void 0;e=e.n)if(e.S.i!==e.i||!e.S.h()||e.S.i!==e.i)return!0;return!1}function Rt(t){for(var e=t.s;e!==void 0;e=e.n){var n=e.S.n;if(n!==void 0&&(e.r=n),e.S.n=e,e.i=-1,e.n===void 0){t.s=e;break}}}function Lt(t){for(var e=t.s,n=void 0;e!==void 0;){var r=e.p;e.i===-1?(e.S.U(e),r!==void 0&&(r.n=e.n),e.n!==void 0&&(e.n.p=r)):n=e,e.S.n=e.r,e.r!==void 0&&(e.r=void 0),e=r}t.s=n}function z(t,e){A.call(this,void 0,e),this.x=t,this.s=void 0,this.g=ke-1,this.f=4}z.prototype=new A;z.prototype.h=function(){if(this.f&=-3,1&this.f)return!1;if((36&this.f)==32||(this.f&=-5,this.g===ke))return!0;if(this.g=ke,this.f|=1,this.i>0&&!Ut(this))return this.f&=-2,!0;var t=y;try{Rt(this),y=this;var e=this.x();(16&this.f||this.v!==e||this.i===0)&&(this.v=e,this.f&=-17,this.i++)}catch(n){this.v=n,this.f|=16,this.i++}return y=t,Lt(this),this.f&=-2,!0};z.prototype.S=function(t){if(this.t===void 0){this.f|=36;for(var e=this.s;e!==void 0;e=e.n)e.S.S(e)}A.prototype.S.call(this,t)};z.prototype.U=function(t){if(this.t!==void 0&&(A.prototype.U.call(this,t),this.t===void 0)){this.f&=-33;for(var e=this.s;e!==void 0;e=e.n)e.S.U(e)}};z.prototype.N=function(){if(!(2&this.f)){this.f|=6;for(var t=this.t;t!==void 0;t=t.x)t.t.N()}};Object.defineProperty(z.prototype,"value",{get:function(){if(1&this.f)throw new Error("Cycle detected");var t=Nt(this);if(this.h(),t!==void 0&&(t.i=this.i),16&this.f)throw this.v;return this.v}});function We(t,e){return new z(t,e)}function Mt(t){var e=t.j;if(t.j=void 0,typeof e=="function"){R++;var n=y;y=void 0;try{e()}catch(r){throw t.f&=-2,t.f|=8,Xe(t),r}finally{y=n,Fe()}}}function Xe(t){for(var e=t.s;e!==void 0;e=e.n)e.S.U(e);t.x=void 0,t.s=void 0,Mt(t)}function fn(t){if(y!==this)throw new Error("Out-of-order effect");Lt(this),y=t,this.f&=-2;try{8&this.f&&Xe(this)}finally{Fe()}}function K(t,e){this.x=t,this.j=void 0,this.s=void 0,this.u=void 0,this.f=32,this.name=e?.name,te&&te.push(this)}K.prototype.c=function(){var t=this.S();try{if(8&this.f||this.x===void 0)return;var e=this.x();typeof e=="function"&&(this.j=e)}finally{t()}};K.prototype.S=function(){if(1&this.f)throw new Error("Cycle detected");this.f|=1,this.f&=-9,Mt(this),Rt(this),R++;var t=y;return y=this,fn.bind(this,t)};K.prototype.N=function(){2&this.f||(this.f|=2,this.u=ne,ne=this)};K.prototype.d=function(){this.f|=8,1&this.f||Xe(this)};K.prototype.dispose=function(){this.d()};function ce(t,e){var n=new K(t,e);try{n.c()}catch(o){throw n.d(),o}var r=n.d.bind(n);return r[Symbol.dispose]=r,r}var Ht,fe,hn=typeof window<"u"&&!!window.__PREACT_SIGNALS_DEVTOOLS__,Ot=[];ce(function(){Ht=this.N})();function Z(t,e){p[t]=e.bind(null,p[t]||function(){})}function re(t){if(fe){var e=fe;fe=void 0,e()}fe=t&&t.S()}function qt(t){var e=this,n=t.data,r=gn(n);r.name="ReactiveDom",r.value=n;var o=J(function(){for(var u=e,_=e.__v;_=_.__;)if(_.__c){_.__c.__$f|=4;break}var c=We(function(){var d=r.value.value;return d===0?0:d===!0?"":d||""}),f=We(function(){return!Array.isArray(c.value)&&!gt(c.value)}),h=ce(function(){if(this.N=jt,f.value){var d=c.value;u.__v&&u.__v.__e&&u.__v.__e.nodeType===3&&(u.__v.__e.data=d)}}),s=e.__$u.d;return e.__$u.d=function(){h(),s.call(this)},[f,c]},[]),i=o[0],a=o[1];return i.value?a.peek():a.value}qt.displayName="ReactiveTextNode";Object.defineProperties(A.prototype,{constructor:{configurable:!0,value:U(G,null).constructor},type:{configurable:!0,value:qt},props:{configurable:!0,get:function(){var t=this;return{data:{get value(){return t.value}}}}},__b:{configurable:!0,value:1}});Z("__b",function(t,e){if(re(),typeof e.type=="string"){var n,r=e.props;for(var o in r)if(o!=="children"){var i=r[o];i instanceof A&&(n||(e.__np=n={}),n[o]=i,r[o]=i.peek())}}t(e)});Z("__r",function(t,e){if(t(e),e.type!==G){re();var n,r=e.__c;r&&(r.__$f&=-2,(n=r.__$u)===void 0&&(r.__$u=n=(function(o,i){var a;return ce(function(){a=this},{name:i}),a.c=o,a})((function(o){return function(){var i;hn&&((i=this.y)==null||i.call(this)),o.__$f|=1,o.setState({})}})(r),typeof e.type=="function"?e.type.displayName||e.type.name:""))),re(n)}});Z("__e",function(t,e,n,r){re(),t(e,n,r)});Z("diffed",function(t,e){re();var n;if(typeof e.type=="string"&&(n=e.__e)){var r=e.__np,o=e.props,i=n.U;if(i)for(var a in i){var u=i[a];u===void 0||r&&a in r||(u.d(),i[a]=void 0)}if(r){i||(i={},n.U=i);for(var _ in r){var c=i[_],f=r[_];c===void 0?(c=pn(n,_,f,o),i[_]=c):c.o(f,o)}}}t(e)});function pn(t,e,n,r){var o=e in t&&t.ownerSVGElement===void 0,i=Ce(n);return{o:function(a,u){i.value=a,r=u},d:ce(function(){this.N=jt;var a=i.value.value;r[e]!==a&&(r[e]=a,o?t[e]=a:a!=null&&(a!==!1||e[4]==="-")?t.setAttribute(e,a):t.removeAttribute(e))})}}Z("unmount",function(t,e){if(typeof e.type=="string"){var n=e.__e;if(n){var r=n.U;if(r){n.U=void 0;for(var o in r){var i=r[o];i&&i.d()}}}var a=e.__np;if(a){var u=e.props;for(var _ in a)u[_]=a[_]}e.__np=void 0}else{var c=e.__c;if(c){c.__$f|=8;var f=c.__$u;f&&(c.__$u=void 0,f.d())}}t(e)});Z("__h",function(t,e,n,r){r<3&&(e.__$f|=2),t(e,n,r)});ee.prototype.shouldComponentUpdate=function(t,e){if(this.__R)return!0;var n=this.__$u,r=n&&n.s!==void 0;for(var o in e)return!0;if(this.__f||typeof this.u=="boolean"&&this.u===!0){var i=2&this.__$f;if(!(r||i||4&this.__$f)||1&this.__$f)return!0}else if(!(r||4&this.__$f)||3&this.__$f)return!0;for(var a in t)if(a!=="__source"&&t[a]!==this.props[a])return!0;for(var u in this.props)if(!(u in t))return!0;return!1};function gn(t,e){return J(function(){return Ce(t,e)},[])}var vn=function(t){queueMicrotask(function(){queueMicrotask(t)})};function mn(){_n(function(){for(var t;t=Ot.shift();)Ht.call(t)})}function jt(){Ot.push(this)===1&&(p.requestAnimationFrame||vn)(mn)}const L=Ce(null),ve=Ce(!1),Wt=We(()=>L.value?.scopes.includes("write")??!1);function Gt(){const t=L.value?.csrfToken;if(t)return t;const e=document.cookie.match(/(?:^|;\s*)etp_csrf=([^;]+)/);return e?decodeURIComponent(e[1]):""}async function zt(){try{const t=await fetch("/session",{credentials:"same-origin",headers:{Accept:"application/json"}});L.value=t.ok?await t.json():null}catch{L.value=null}return ve.value=!0,L.value}async function yn(t){try{const e=await t.json();return e.detail||e.title||`Sign-in failed (${t.status})`}catch{return`Sign-in failed (${t.status})`}}async function $n(t){const e=await fetch("/session",{method:"POST",credentials:"same-origin",headers:{"Content-Type":"application/json",Accept:"application/json"},body:JSON.stringify({apiKey:t})});return e.ok?await zt()?null:"Signed in, but the session could not be read back.":yn(e)}async function wn(){try{await fetch("/session",{method:"DELETE",credentials:"same-origin",headers:{"X-CSRF-Token":Gt()}})}finally{L.value=null}}var Tn=0;function l(t,e,n,r,o,i){e||(e={});var a,u,_=e;if("ref"in _)for(u in _={},e)u=="ref"?a=e[u]:_[u]=e[u];var c={type:t,props:_,key:n,ref:a,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:--Tn,__i:-1,__u:0,__source:o,__self:i};if(typeof t=="function"&&(a=t.defaultProps))for(u in a)_[u]===void 0&&(_[u]=a[u]);return p.vnode&&p.vnode(c),c}const Sn=[{href:"/triggers",label:"Triggers"},{href:"/events",label:"Events"},{href:"/try",label:"Try a definition"}];function kn({children:t}){const{path:e,route:n}=Ee(),r=L.value;return l(G,{children:[l("a",{class:"skip",href:"#main",children:"Skip to content"}),l("header",{class:"top",children:[l("span",{class:"brand",children:"Event triggers"}),l("nav",{"aria-label":"Main",children:l("ul",{children:Sn.map(o=>{const i=e===o.href||o.href!=="/"&&e.startsWith(o.href+"/");return l("li",{children:l("a",{href:o.href,"aria-current":i?"page":void 0,children:o.label})},o.href)})})}),l("div",{class:"who",children:[l("span",{class:"key-name",children:r?.keyName}),!Wt.value&&l("span",{class:"badge",children:"read-only"}),l("a",{href:"/graphql",target:"_top",class:"graphiql-link",children:"GraphiQL"}),l("button",{type:"button",class:"secondary",onClick:async()=>{await wn(),n("/signin",!0)},children:"Sign out"})]})]}),l("main",{id:"main",tabIndex:-1,children:t})]})}function bn(){const{route:t}=Ee(),[e,n]=O(null),[r,o]=O(!1),i=C(null);Ae(()=>{document.title="Sign in · Event triggers",i.current?.focus()},[]);const a=async u=>{u.preventDefault();const _=i.current,c=_.value.trim();if(!c){n("Enter an API key.");return}o(!0),n(null);try{const f=await $n(c);_.value="",f?n(f):t("/triggers",!0)}catch{n("The server cannot be reached.")}finally{o(!1)}};return l("section",{class:"signin","aria-labelledby":"signin-h",children:[l("h1",{id:"signin-h",children:"Sign in"}),l("p",{children:"Sign in with an API key. It is exchanged for a session cookie and not stored by this page."}),l("form",{onSubmit:a,method:"post",action:"/session",children:[l("label",{for:"api-key",children:"API key"}),l("input",{id:"api-key",name:"apiKey",type:"password",autoComplete:"off",spellcheck:!1,ref:i}),l("button",{type:"submit",disabled:r,children:"Sign in"}),l("div",{role:"alert",class:"error",children:e})]})]})}class S extends String{__apiType;value;__meta__;constructor(e,n){super(e),this.value=e,this.__meta__=n}toString(){return this.value}}new S(`
    fragment TriggerFields on Trigger {
  id
  name
  description
  kind
  schedule {
    at
    cron
    everySeconds
    timezone
    startAt
    endAt
    description
  }
  payload
  apiSchema
  hookUrl
  paused
  misfireGraceSeconds
  missedFirings
  nextFireAt
  upcoming(count: 5)
  createdAt
  updatedAt
}
    `,{fragmentName:"TriggerFields"});new S(`
    fragment EventFields on Event {
  id
  triggerId
  triggerName
  kind
  source
  status
  isTest
  payload
  scheduledFor
  firedAt
}
    `,{fragmentName:"EventFields"});const An=new S(`
    query Triggers($after: String) {
  triggers(first: 100, after: $after) {
    edges {
      cursor
      node {
        ...TriggerFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment TriggerFields on Trigger {
  id
  name
  description
  kind
  schedule {
    at
    cron
    everySeconds
    timezone
    startAt
    endAt
    description
  }
  payload
  apiSchema
  hookUrl
  paused
  misfireGraceSeconds
  missedFirings
  nextFireAt
  upcoming(count: 5)
  createdAt
  updatedAt
}`),En=new S(`
    query Trigger($id: ID!) {
  trigger(id: $id) {
    ...TriggerFields
  }
}
    fragment TriggerFields on Trigger {
  id
  name
  description
  kind
  schedule {
    at
    cron
    everySeconds
    timezone
    startAt
    endAt
    description
  }
  payload
  apiSchema
  hookUrl
  paused
  misfireGraceSeconds
  missedFirings
  nextFireAt
  upcoming(count: 5)
  createdAt
  updatedAt
}`),In=new S(`
    query Counts {
  eventCounts {
    triggerId
    triggerName
    active
    archived
  }
}
    `),Fn=new S(`
    query Rate($triggerId: ID, $since: DateTime) {
  eventRate(triggerId: $triggerId, since: $since, bucketSeconds: 60) {
    start
    count
  }
}
    `),Dn=new S(`
    query Events($status: EventStatus, $triggerId: ID, $source: EventSource, $includeTest: Boolean, $since: DateTime, $until: DateTime, $payloadContains: JSON, $first: Int, $after: String) {
  events(
    status: $status
    triggerId: $triggerId
    source: $source
    includeTest: $includeTest
    since: $since
    until: $until
    payloadContains: $payloadContains
    first: $first
    after: $after
  ) {
    edges {
      cursor
      node {
        ...EventFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment EventFields on Event {
  id
  triggerId
  triggerName
  kind
  source
  status
  isTest
  payload
  scheduledFor
  firedAt
}`),Cn=new S(`
    query Preview($schedule: ScheduleInput!) {
  previewSchedule(schedule: $schedule, count: 5)
  describeSchedule(schedule: $schedule)
}
    `),xn=new S(`
    mutation CreateScheduled($input: CreateScheduledTriggerInput!) {
  r: createScheduledTrigger(input: $input) {
    trigger {
      ...TriggerFields
    }
    errors {
      code
      field
      message
    }
  }
}
    fragment TriggerFields on Trigger {
  id
  name
  description
  kind
  schedule {
    at
    cron
    everySeconds
    timezone
    startAt
    endAt
    description
  }
  payload
  apiSchema
  hookUrl
  paused
  misfireGraceSeconds
  missedFirings
  nextFireAt
  upcoming(count: 5)
  createdAt
  updatedAt
}`),Pn=new S(`
    mutation CreateApi($input: CreateApiTriggerInput!) {
  r: createApiTrigger(input: $input) {
    trigger {
      ...TriggerFields
    }
    errors {
      code
      field
      message
    }
  }
}
    fragment TriggerFields on Trigger {
  id
  name
  description
  kind
  schedule {
    at
    cron
    everySeconds
    timezone
    startAt
    endAt
    description
  }
  payload
  apiSchema
  hookUrl
  paused
  misfireGraceSeconds
  missedFirings
  nextFireAt
  upcoming(count: 5)
  createdAt
  updatedAt
}`),Nn=new S(`
    mutation Update($id: ID!, $input: UpdateTriggerInput!) {
  r: updateTrigger(id: $id, input: $input) {
    trigger {
      ...TriggerFields
    }
    errors {
      code
      field
      message
    }
  }
}
    fragment TriggerFields on Trigger {
  id
  name
  description
  kind
  schedule {
    at
    cron
    everySeconds
    timezone
    startAt
    endAt
    description
  }
  payload
  apiSchema
  hookUrl
  paused
  misfireGraceSeconds
  missedFirings
  nextFireAt
  upcoming(count: 5)
  createdAt
  updatedAt
}`),Un=new S(`
    mutation Pause($id: ID!) {
  r: pauseTrigger(id: $id) {
    trigger {
      ...TriggerFields
    }
    errors {
      code
      field
      message
    }
  }
}
    fragment TriggerFields on Trigger {
  id
  name
  description
  kind
  schedule {
    at
    cron
    everySeconds
    timezone
    startAt
    endAt
    description
  }
  payload
  apiSchema
  hookUrl
  paused
  misfireGraceSeconds
  missedFirings
  nextFireAt
  upcoming(count: 5)
  createdAt
  updatedAt
}`),Rn=new S(`
    mutation Resume($id: ID!) {
  r: resumeTrigger(id: $id) {
    trigger {
      ...TriggerFields
    }
    errors {
      code
      field
      message
    }
  }
}
    fragment TriggerFields on Trigger {
  id
  name
  description
  kind
  schedule {
    at
    cron
    everySeconds
    timezone
    startAt
    endAt
    description
  }
  payload
  apiSchema
  hookUrl
  paused
  misfireGraceSeconds
  missedFirings
  nextFireAt
  upcoming(count: 5)
  createdAt
  updatedAt
}`),Ln=new S(`
    mutation RotateHookToken($id: ID!) {
  r: rotateHookToken(id: $id) {
    trigger {
      ...TriggerFields
    }
    errors {
      code
      field
      message
    }
  }
}
    fragment TriggerFields on Trigger {
  id
  name
  description
  kind
  schedule {
    at
    cron
    everySeconds
    timezone
    startAt
    endAt
    description
  }
  payload
  apiSchema
  hookUrl
  paused
  misfireGraceSeconds
  missedFirings
  nextFireAt
  upcoming(count: 5)
  createdAt
  updatedAt
}`),Mn=new S(`
    mutation Delete($id: ID!) {
  r: deleteTrigger(id: $id) {
    deletedId
    errors {
      code
      field
      message
    }
  }
}
    `),Hn=new S(`
    mutation Fire($id: ID!, $payload: JSON) {
  r: fireTrigger(id: $id, payload: $payload) {
    event {
      ...EventFields
    }
    errors {
      code
      field
      message
    }
  }
}
    fragment EventFields on Event {
  id
  triggerId
  triggerName
  kind
  source
  status
  isTest
  payload
  scheduledFor
  firedAt
}`),On=new S(`
    mutation Test($id: ID!, $payload: JSON) {
  r: testTrigger(id: $id, payload: $payload) {
    event {
      ...EventFields
    }
    errors {
      code
      field
      message
    }
  }
}
    fragment EventFields on Event {
  id
  triggerId
  triggerName
  kind
  source
  status
  isTest
  payload
  scheduledFor
  firedAt
}`),qn=new S(`
    mutation Try($input: TriggerDefinitionInput!, $fireAt: DateTime) {
  r: testTriggerDefinition(input: $input, fireAt: $fireAt) {
    event {
      ...EventFields
    }
    errors {
      code
      field
      message
    }
  }
}
    fragment EventFields on Event {
  id
  triggerId
  triggerName
  kind
  source
  status
  isTest
  payload
  scheduledFor
  firedAt
}`),jn=new S(`
    query Event($id: ID!) {
  event(id: $id) {
    ...EventFields
  }
}
    fragment EventFields on Event {
  id
  triggerId
  triggerName
  kind
  source
  status
  isTest
  payload
  scheduledFor
  firedAt
}`),kr=new S(`
    subscription Live($triggerId: ID, $includeTest: Boolean, $after: ID) {
  eventFired(triggerId: $triggerId, includeTest: $includeTest, after: $after) {
    ...EventFields
  }
}
    fragment EventFields on Event {
  id
  triggerId
  triggerName
  kind
  source
  status
  isTest
  payload
  scheduledFor
  firedAt
}`);class he extends Error{constructor(e,n,r=[]){super(e),this.code=n,this.fieldErrors=r}code;fieldErrors}async function F(t,e){const n=t.toString();let r;try{r=await fetch("/graphql",{method:"POST",credentials:"same-origin",headers:{"Content-Type":"application/json",Accept:"application/graphql-response+json, application/json","X-CSRF-Token":Gt()},body:JSON.stringify({query:n,variables:e})})}catch{throw new he("The server cannot be reached.")}let o;try{o=await r.json()}catch{throw new he(`The server answered ${r.status}.`)}const i=o.errors?.[0];if(i){const a=i.extensions?.code;(a==="UNAUTHENTICATED"||r.status===401)&&(L.value=null);const u=(i.extensions?.errors??[]).map(_=>({code:a??"INVALID",field:_.field??null,message:_.message}));throw new he(i.message,a,u)}if(!o.data)throw new he(`The server answered ${r.status} without data.`);return o.data}const Bt=t=>({items:t.edges,hasNextPage:t.pageInfo.hasNextPage,endCursor:t.pageInfo.endCursor??null}),Wn=An;async function Gn(t=null){const e=await F(Wn,{after:t});return Bt(e.triggers)}async function zn(){const t=[];let e=null;for(;;){const n=await Gn(e);if(t.push(...n.items.map(r=>r.node)),!n.hasNextPage||!n.endCursor)return t;e=n.endCursor}}const Bn=En;async function br(t){return(await F(Bn,{id:t})).trigger??null}const Qn=In;async function Jn(){return(await F(Qn,{})).eventCounts}async function Kn(t){const e=new Map;for(let n=0;n<t.length;n+=25){const r=t.slice(n,n+25),o={},i=r.map((c,f)=>`$t${f}: ID!`).join(", "),a=r.map((c,f)=>(o[`t${f}`]=c,`e${f}: events(triggerId: $t${f}, includeTest: true, first: 1) { edges { node { firedAt } } }`)).join(`
`),u=new S(`query LastEvents(${i}) { ${a} }`),_=await F(u,o);r.forEach((c,f)=>{const h=_[`e${f}`]?.edges[0];h&&e.set(c,h.node.firedAt)})}return e}const Zn=Fn;async function Ar(t,e){return(await F(Zn,{triggerId:t,since:e})).eventRate}const Xn=Dn;async function Er(t,e,n){const r=await F(Xn,{status:t.status,triggerId:t.triggerId||null,source:t.source||null,includeTest:!!t.includeTest,since:t.since||null,until:t.until||null,payloadContains:t.payloadContains??null,first:e,after:n});return Bt(r.events)}const Yn=Cn;async function Ir(t){const e=await F(Yn,{schedule:t});return{times:e.previewSchedule,description:e.describeSchedule}}function xe(t){return{trigger:t.trigger??null,errors:t.errors}}function Qt(t){return{event:t.event??null,errors:t.errors}}const Vn=xn;async function Fr(t){return xe((await F(Vn,{input:t})).r)}const er=Pn;async function Dr(t){return xe((await F(er,{input:t})).r)}const tr=Nn;async function Cr(t,e){return xe((await F(tr,{id:t,input:e})).r)}const nr=Un,rr=Rn,ir=Ln,or={pauseTrigger:nr,resumeTrigger:rr,rotateHookToken:ir};async function xr(t,e){return xe((await F(or[t],{id:e})).r)}const sr=Mn;async function Pr(t){const e=(await F(sr,{id:t})).r;return{deletedId:e.deletedId??null,errors:e.errors}}const ar=Hn,cr=On;async function Nr(t,e,n){const r=await F(e?cr:ar,{id:t});return Qt(r.r)}const ur=qn;async function Ur(t,e){return Qt((await F(ur,{input:t,fireAt:e})).r)}function Rr(t){const e=new URLSearchParams;return e.set("status",t.status),t.triggerId&&e.set("triggerId",t.triggerId),t.source&&e.set("source",t.source),e.set("includeTest",t.includeTest?"true":"false"),t.since&&e.set("since",t.since),t.until&&e.set("until",t.until),t.payloadContains!==void 0&&t.payloadContains!==null&&e.set("payloadContains",JSON.stringify(t.payloadContains)),`/events/export.ndjson?${e.toString()}`}const lr=jn;async function Lr(t){return(await F(lr,{id:t})).event??null}const _r=new Intl.DateTimeFormat(void 0,{year:"numeric",month:"short",day:"2-digit",hour:"2-digit",minute:"2-digit",second:"2-digit",timeZoneName:"short"}),dr=new Intl.DateTimeFormat("en-GB",{year:"numeric",month:"short",day:"2-digit",hour:"2-digit",minute:"2-digit",second:"2-digit",timeZone:"UTC",timeZoneName:"short"}),Mr=Intl.DateTimeFormat().resolvedOptions().timeZone;function fr(t){return t?_r.format(new Date(t)):"—"}function dt(t){return t?dr.format(new Date(t)):"—"}function Hr(t){if(!t)return null;const e=new Date(t);return Number.isNaN(e.getTime())?null:e.toISOString()}function Or(t){if(!t)return"";const e=new Date(t);if(Number.isNaN(e.getTime()))return"";const n=r=>String(r).padStart(2,"0");return`${e.getFullYear()}-${n(e.getMonth()+1)}-${n(e.getDate())}T${n(e.getHours())}:${n(e.getMinutes())}:${n(e.getSeconds())}`}function ft({iso:t,inline:e=!1}){return t?l("time",{dateTime:t,title:dt(t),class:e?"time inline":"time",children:[l("span",{class:"local",children:fr(t)}),l("span",{class:"utc",children:dt(t)})]}):l("span",{children:"—"})}function hr({errors:t}){return l("div",{role:"alert",class:t.length?"alert":"alert empty",children:t.length>0&&l("ul",{children:t.map((e,n)=>l("li",{children:typeof e=="string"?e:e.message},n))})})}function pr(t){return t instanceof Error?t.message:String(t)}function Re(){const[t,e]=O(null),[n,r]=O(new Map),[o,i]=O(new Map),[a,u]=O(null),[_,c]=O(()=>new URLSearchParams(location.search).get("q")??"");Ae(()=>{document.title="Triggers · Event triggers";let s=!0;return(async()=>{try{const d=await zn();if(!s)return;e(d);const[v,b]=await Promise.all([Jn(),Kn(d.map(m=>m.id))]);if(!s)return;r(new Map(v.map(m=>[m.triggerId,m]))),i(b)}catch(d){s&&u(pr(d))}})(),()=>{s=!1}},[]);const f=J(()=>{const s=_.trim().toLowerCase();return(t??[]).filter(d=>!s||d.name.toLowerCase().includes(s))},[t,_]),h=s=>{c(s);const d=new URL(location.href);s?d.searchParams.set("q",s):d.searchParams.delete("q"),history.replaceState(history.state,"",d.pathname+d.search)};return l("section",{"aria-labelledby":"triggers-h",children:[l("div",{class:"page-head",children:[l("h1",{id:"triggers-h",children:"Triggers"}),Wt.value&&l("a",{class:"button",href:"/triggers/new",children:"New trigger"})]}),l("div",{class:"toolbar",role:"search",children:[l("label",{for:"trigger-search",class:"visually-hidden",children:"Search triggers"}),l("input",{id:"trigger-search",type:"search",placeholder:"Search by name",value:_,onInput:s=>h(s.currentTarget.value)})]}),l(hr,{errors:a?[a]:[]}),t===null&&!a&&l("p",{role:"status",children:"Loading triggers…"}),t!==null&&l("div",{class:"table-wrap",children:[l("table",{"aria-label":"Triggers",children:[l("thead",{children:l("tr",{children:[l("th",{scope:"col",children:"Name"}),l("th",{scope:"col",children:"Kind"}),l("th",{scope:"col",children:"Schedule"}),l("th",{scope:"col",children:"Next fire"}),l("th",{scope:"col",children:"Paused"}),l("th",{scope:"col",children:"Missed"}),l("th",{scope:"col",children:"Last event"}),l("th",{scope:"col",children:"Active"}),l("th",{scope:"col",children:"Archived"})]})}),l("tbody",{children:f.map(s=>{const d=n.get(s.id);return l("tr",{"data-trigger-id":s.id,children:[l("td",{children:l("a",{href:`/triggers/${s.id}`,children:s.name})}),l("td",{children:s.kind==="API"?"API":"Scheduled"}),l("td",{children:s.schedule?s.schedule.description:"Webhook"}),l("td",{children:l(ft,{iso:s.nextFireAt})}),l("td",{children:s.paused?l("span",{class:"badge warn",children:"Paused"}):"No"}),l("td",{class:"num",children:s.missedFirings}),l("td",{children:l(ft,{iso:o.get(s.id)})}),l("td",{class:"num",children:d?.active??0}),l("td",{class:"num",children:d?.archived??0})]},s.id)})})]}),f.length===0&&l("p",{children:t.length?"No trigger matches the search.":"No triggers yet."})]})]})}const gr=Ie(()=>be(()=>import("./TriggerDetail-Df8U6CuK.js"),__vite__mapDeps([0,1,2,3])).then(t=>t.TriggerDetail)),ht=Ie(()=>be(()=>import("./TriggerForm-BEO59PpU.js"),__vite__mapDeps([4,5,1])).then(t=>t.TriggerFormPage)),vr=Ie(()=>be(()=>import("./Try-B0nuWyMY.js"),__vite__mapDeps([6,5,1])).then(t=>t.TryPage)),mr=Ie(()=>be(()=>import("./Events-Dph5pNpN.js"),__vite__mapDeps([7,2,3,5,1])).then(t=>t.EventsPage));function yr(){return l("section",{"aria-labelledby":"nf",children:[l("h1",{id:"nf",children:"Page not found"}),l("p",{children:l("a",{href:"/triggers",children:"Go to the triggers"})})]})}function $r(){const{path:t,route:e}=Ee(),n=L.value!==null,r=t==="/signin";return Ae(()=>{ve.value&&(!n&&!r?e("/signin",!0):n&&(r||t==="/")&&e("/triggers",!0))},[n,r,t,ve.value]),ve.value?n?l(kn,{children:l(cn,{children:l(Pt,{children:[l(N,{path:"/triggers",component:Re}),l(N,{path:"/triggers/new",component:ht}),l(N,{path:"/triggers/:id/edit",component:ht}),l(N,{path:"/triggers/:id",component:gr}),l(N,{path:"/try",component:vr}),l(N,{path:"/events",component:mr}),l(N,{path:"/signin",component:Re}),l(N,{path:"/",component:Re}),l(N,{default:!0,component:yr})]})})}):l("main",{id:"main",children:l(bn,{})}):l("main",{id:"main",children:l("p",{role:"status",children:"Loading…"})})}function wr(){return Ae(()=>{zt()},[]),l(ae,{children:l($r,{})})}en(l(wr,{}),document.getElementById("app"));export{C as A,zt as B,Er as C,Lr as D,ee as E,Ir as F,he as G,kr as L,G as S,J as T,pr as a,Sr as b,Ee as c,O as d,Ar as e,Jn as f,br as g,Ae as h,hr as i,Wt as j,ft as k,fr as l,dt as m,Nr as n,Pr as o,Cr as p,Dr as q,Fr as r,Hr as s,xr as t,l as u,Mr as v,Ur as w,zn as x,Rr as y,Or as z};
