const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/TriggerDetail-OYP2OZTQ.js","assets/preload-helper-CVfkMyKi.js","assets/EventList-lFepivdd.js","assets/client-wkOhMJXj.js","assets/EventInspector-DrWysh2N.js","assets/TriggerForm-Dk77CQVa.js","assets/DefinitionFields-CpR4KRBP.js","assets/Try-5dDxgB4I.js","assets/Events-Aubx9iYe.js","assets/EventPage-9hx5TP47.js"])))=>i.map(i=>d[i]);
import{_ as ie}from"./preload-helper-CVfkMyKi.js";var oe,g,vt,mt,O,et,yt,Tt,Pe,ve,Y,$t,ze,Me,Oe,wt,Te={},$e=[],Kt=/acit|ex(?:s|g|n|p|$)|rph|grid|ows|mnc|ntw|ine[ch]|zoo|^ord|itera/i,se=Array.isArray;function C(e,t){for(var r in t)e[r]=t[r];return e}function Be(e){e&&e.parentNode&&e.parentNode.removeChild(e)}function x(e,t,r){var n,o,i,s={};for(i in t)i=="key"?n=t[i]:i=="ref"?o=t[i]:s[i]=t[i];if(arguments.length>2&&(s.children=arguments.length>3?oe.call(arguments,2):r),typeof e=="function"&&e.defaultProps!=null)for(i in e.defaultProps)s[i]===void 0&&(s[i]=e.defaultProps[i]);return V(e,s,n,o,null)}function V(e,t,r,n,o){var i={type:e,props:t,key:r,ref:n,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:o??++vt,__i:-1,__u:0};return o==null&&g.vnode!=null&&g.vnode(i),i}function G(e){return e.children}function ee(e,t){this.props=e,this.context=t}function j(e,t){if(t==null)return e.__?j(e.__,e.__i+1):null;for(var r;t<e.__k.length;t++)if((r=e.__k[t])!=null&&r.__e!=null)return r.__e;return typeof e.type=="function"?j(e):null}function Xt(e){if(e.__P&&e.__d){var t=e.__v,r=t.__e,n=[],o=[],i=C({},t);i.__v=t.__v+1,g.vnode&&g.vnode(i),Qe(e.__P,i,t,e.__n,e.__P.namespaceURI,32&t.__u?[r]:null,n,r??j(t),!!(32&t.__u),o),i.__v=t.__v,i.__.__k[i.__i]=i,At(n,i,o),t.__e=t.__=null,i.__e!=r&&St(i)}}function St(e){if((e=e.__)!=null&&e.__c!=null)return e.__e=e.__c.base=null,e.__k.some(function(t){if(t!=null&&t.__e!=null)return e.__e=e.__c.base=t.__e}),St(e)}function He(e){(!e.__d&&(e.__d=!0)&&O.push(e)&&!we.__r++||et!=g.debounceRendering)&&((et=g.debounceRendering)||yt)(we)}function we(){try{for(var e,t=1;O.length;)O.length>t&&O.sort(Tt),e=O.shift(),t=O.length,Xt(e)}finally{O.length=we.__r=0}}function Et(e,t,r,n,o,i,s,c,_,u,d){var h,a,f,p,b,$,w=n&&n.__k||$e,v=t.length;for(_=Yt(r,t,w,_,v),h=0;h<v;h++)(f=r.__k[h])!=null&&(a=f.__i!=-1&&w[f.__i]||Te,f.__i=h,$=Qe(e,f,a,o,i,s,c,_,u,d),p=f.__e,f.ref&&a.ref!=f.ref&&(a.ref&&Je(a.ref,null,f),d.push(f.ref,f.__c||p,f)),b==null&&p!=null&&(b=p),4&f.__u?(_=kt(f,_,e),a.__e&&(a.__e=null)):typeof f.type=="function"&&$!==void 0?_=$:p&&(_=p.nextSibling),f.__u&=-7);return r.__e=b,_}function Yt(e,t,r,n,o){var i,s,c,_,u,d=r.length,h=d,a=0;for(e.__k=new Array(o),i=0;i<o;i++)(s=t[i])!=null&&typeof s!="boolean"&&typeof s!="function"?(typeof s=="string"||typeof s=="number"||typeof s=="bigint"||s.constructor==String?s=e.__k[i]=V(null,s,null,null,null):se(s)?s=e.__k[i]=V(G,{children:s},null,null,null):s.constructor===void 0&&s.__b>0?s=e.__k[i]=V(s.type,s.props,s.key,s.ref?s.ref:null,s.__v):e.__k[i]=s,_=i+a,s.__=e,s.__b=e.__b+1,c=null,(u=s.__i=Vt(s,r,_,h))!=-1&&(h--,(c=r[u])&&(c.__u|=2)),c==null||c.__v==null?(u==-1&&(o>d?a--:o<d&&a++),typeof s.type!="function"&&(s.__u|=4)):u!=_&&(u==_-1?a--:u==_+1?a++:(u>_?a--:a++,s.__u|=4))):e.__k[i]=null;if(h)for(i=0;i<d;i++)(c=r[i])!=null&&(2&c.__u)==0&&(c.__e==n&&(n=j(c)),It(c,c));return n}function kt(e,t,r){var n,o;if(typeof e.type=="function"){for(n=e.__k,o=0;n&&o<n.length;o++)n[o]&&(n[o].__=e,t=kt(n[o],t,r));return t}e.__e!=t&&(t&&e.type&&!t.parentNode&&(t=j(e)),t=r.insertBefore(e.__e,t||null));do t=t&&t.nextSibling;while(t!=null&&t.nodeType==8);return t}function bt(e,t){return t=t||[],e==null||typeof e=="boolean"||(se(e)?e.some(function(r){bt(r,t)}):t.push(e)),t}function Vt(e,t,r,n){var o,i,s,c=e.key,_=e.type,u=t[r],d=u!=null&&(2&u.__u)==0;if(u===null&&c==null||d&&c==u.key&&_==u.type)return r;if(n>(d?1:0)){for(o=r-1,i=r+1;o>=0||i<t.length;)if((u=t[s=o>=0?o--:i++])!=null&&(2&u.__u)==0&&c==u.key&&_==u.type)return s}return-1}function tt(e,t,r){t[0]=="-"?e.setProperty(t,r??""):e[t]=r==null?"":typeof r!="number"||Kt.test(t)?r:r+"px"}function _e(e,t,r,n,o){var i,s;e:if(t=="style")if(typeof r=="string")e.style.cssText=r;else{if(typeof n=="string"&&(e.style.cssText=n=""),n)for(t in n)r&&t in r||tt(e.style,t,"");if(r)for(t in r)n&&r[t]==n[t]||tt(e.style,t,r[t])}else if(t[0]=="o"&&t[1]=="n")i=t!=(t=t.replace($t,"$1")),s=t.toLowerCase(),t=s in e||t=="onFocusOut"||t=="onFocusIn"?s.slice(2):t.slice(2),e.l||(e.l={}),e.l[t+i]=r,r?n?r[Y]=n[Y]:(r[Y]=ze,e.addEventListener(t,i?Oe:Me,i)):e.removeEventListener(t,i?Oe:Me,i);else{if(o=="http://www.w3.org/2000/svg")t=t.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(t!="width"&&t!="height"&&t!="href"&&t!="list"&&t!="form"&&t!="tabIndex"&&t!="download"&&t!="rowSpan"&&t!="colSpan"&&t!="role"&&t!="popover"&&t in e)try{e[t]=r??"";break e}catch{}typeof r=="function"||(r==null||r===!1&&t[4]!="-"?e.removeAttribute(t):e.setAttribute(t,t=="popover"&&r==1?"":r))}}function rt(e){return function(t){if(this.l){var r=this.l[t.type+e];if(t[ve]==null)t[ve]=ze++;else if(t[ve]<r[Y])return;return r(g.event?g.event(t):t)}}}function Qe(e,t,r,n,o,i,s,c,_,u){var d,h,a,f,p,b,$,w,v,F,I,R,H,de,B,E,A=t.type;if(t.constructor!==void 0)return null;128&r.__u&&(_=!!(32&r.__u),i=[c=t.__e=r.__e]),(d=g.__b)&&d(t);e:if(typeof A=="function"){h=s.length;try{if(v=t.props,F=A.prototype&&A.prototype.render,I=(d=A.contextType)&&n[d.__c],R=d?I?I.props.value:d.__:n,r.__c?w=(a=t.__c=r.__c).__=a.__E:(F?t.__c=a=new A(v,R):(t.__c=a=new ee(v,R),a.constructor=A,a.render=tr),I&&I.sub(a),a.state||(a.state={}),a.__n=n,f=a.__d=!0,a.__h=[],a._sb=[]),F&&a.__s==null&&(a.__s=a.state),F&&A.getDerivedStateFromProps!=null&&(a.__s==a.state&&(a.__s=C({},a.__s)),C(a.__s,A.getDerivedStateFromProps(v,a.__s))),p=a.props,b=a.state,a.__v=t,f)F&&A.getDerivedStateFromProps==null&&a.componentWillMount!=null&&a.componentWillMount(),F&&a.componentDidMount!=null&&a.__h.push(a.componentDidMount);else{if(F&&A.getDerivedStateFromProps==null&&v!==p&&a.componentWillReceiveProps!=null&&a.componentWillReceiveProps(v,R),t.__v==r.__v||!a.__e&&a.shouldComponentUpdate!=null&&a.shouldComponentUpdate(v,a.__s,R)===!1){t.__v!=r.__v&&(a.props=v,a.state=a.__s,a.__d=!1),t.__e=r.__e,t.__k=r.__k,t.__k.some(function(M){M&&(M.__=t)}),$e.push.apply(a.__h,a._sb),a._sb=[],a.__h.length&&s.push(a),c=j(r);break e}a.componentWillUpdate!=null&&a.componentWillUpdate(v,a.__s,R),F&&a.componentDidUpdate!=null&&a.__h.push(function(){a.componentDidUpdate(p,b,$)})}if(a.context=R,a.props=v,a.__P=e,a.__e=!1,H=g.__r,de=0,F)a.state=a.__s,a.__d=!1,H&&H(t),d=a.render(a.props,a.state,a.context),$e.push.apply(a.__h,a._sb),a._sb=[];else do a.__d=!1,H&&H(t),d=a.render(a.props,a.state,a.context),a.state=a.__s;while(a.__d&&++de<25);a.state=a.__s,a.getChildContext!=null&&(n=C(C({},n),a.getChildContext())),F&&!f&&a.getSnapshotBeforeUpdate!=null&&($=a.getSnapshotBeforeUpdate(p,b)),B=d!=null&&d.type===G&&d.key==null?Ut(d.props.children):d,c=Et(e,se(B)?B:[B],t,r,n,o,i,s,c,_,u),a.base=t.__e,t.__u&=-161,a.__h.length&&s.push(a),w&&(a.__E=a.__=null)}catch(M){if(s.length=h,t.__v=null,_||i!=null){if(M.then){for(t.__u|=_?160:128;c&&c.nodeType==8&&c.nextSibling;)c=c.nextSibling;i!=null&&(i[i.indexOf(c)]=null),t.__e=c}else if(i!=null)for(E=i.length;E--;)Be(i[E])}else t.__e=r.__e;t.__k==null&&(t.__k=r.__k||[]),M.then||Ft(t),g.__e(M,t,r)}}else i==null&&t.__v==r.__v?(t.__k=r.__k,t.__e=r.__e):c=t.__e=er(r.__e,t,r,n,o,i,s,_,u);return(d=g.diffed)&&d(t),128&t.__u?void 0:c}function Ft(e){e&&(e.__c&&(e.__c.__e=!0),e.__k&&e.__k.some(Ft))}function At(e,t,r){for(var n=0;n<r.length;n++)Je(r[n],r[++n],r[++n]);g.__c&&g.__c(t,e),e.some(function(o){try{e=o.__h,o.__h=[],e.some(function(i){i.call(o)})}catch(i){g.__e(i,o.__v)}})}function Ut(e){return typeof e!="object"||e==null||e.__b>0?e:se(e)?e.map(Ut):e.constructor!==void 0?null:C({},e)}function er(e,t,r,n,o,i,s,c,_){var u,d,h,a,f,p,b,$=r.props||Te,w=t.props,v=t.type;if(v=="svg"?o="http://www.w3.org/2000/svg":v=="math"?o="http://www.w3.org/1998/Math/MathML":o||(o="http://www.w3.org/1999/xhtml"),i!=null){for(u=0;u<i.length;u++)if((f=i[u])&&"setAttribute"in f==!!v&&(v?f.localName==v:f.nodeType==3)){e=f,i[u]=null;break}}if(e==null){if(v==null)return document.createTextNode(w);e=document.createElementNS(o,v,w.is&&w),c&&(g.__m&&g.__m(t,i),c=!1),i=null}if(v==null)$===w||c&&e.data==w||(e.data=w);else{if(i=v=="textarea"&&w.defaultValue!=null?null:i&&oe.call(e.childNodes),!c&&i!=null)for($={},u=0;u<e.attributes.length;u++)$[(f=e.attributes[u]).name]=f.value;for(u in $)f=$[u],u=="dangerouslySetInnerHTML"?h=f:u=="children"||u in w||u=="value"&&"defaultValue"in w||u=="checked"&&"defaultChecked"in w||_e(e,u,null,f,o);for(u in w)f=w[u],u=="children"?a=f:u=="dangerouslySetInnerHTML"?d=f:u=="value"?p=f:u=="checked"?b=f:c&&typeof f!="function"||$[u]===f||_e(e,u,f,$[u],o);if(d)c||h&&(d.__html==h.__html||d.__html==e.innerHTML)||(e.innerHTML=d.__html),t.__k=[];else if(h&&(e.innerHTML=""),Et(t.type=="template"?e.content:e,se(a)?a:[a],t,r,n,v=="foreignObject"?"http://www.w3.org/1999/xhtml":o,i,s,i?i[0]:r.__k&&j(r,0),c,_),i!=null)for(u=i.length;u--;)Be(i[u]);c&&v!="textarea"||(u="value",v=="progress"&&p==null?e.removeAttribute("value"):p!=null&&(p!==e[u]||v=="progress"&&!p||v=="option"&&p!=$[u])&&_e(e,u,p,$[u],o),u="checked",b!=null&&b!=e[u]&&_e(e,u,b,$[u],o))}return e}function Je(e,t,r){try{if(typeof e=="function"){var n=typeof e.__u=="function";n&&e.__u(),n&&t==null||(e.__u=e(t))}else e.current=t}catch(o){g.__e(o,r)}}function It(e,t,r){var n,o;if(g.unmount&&g.unmount(e),(n=e.ref)&&(n.current&&n.current!=e.__e||Je(n,null,t)),(n=e.__c)!=null){if(n.componentWillUnmount)try{n.componentWillUnmount()}catch(i){g.__e(i,t)}n.base=n.__P=n.__n=null}if(n=e.__k)for(o=0;o<n.length;o++)n[o]&&It(n[o],t,r||typeof e.type!="function");r||Be(e.__e),e.__c=e.__=e.__e=void 0}function tr(e,t,r){return this.constructor(e,r)}function rr(e,t,r){var n,o,i,s;t==document&&(t=document.documentElement),g.__&&g.__(e,t),o=(n=!1)?null:t.__k,i=[],s=[],Qe(t,e=t.__k=x(G,null,[e]),o||Te,Te,t.namespaceURI,o?null:t.firstChild?oe.call(t.childNodes):null,i,o?o.__e:t.firstChild,n,s),At(i,e,s),e.props.children=null}function nt(e,t,r){var n,o,i,s,c=C({},e.props);for(i in e.type&&e.type.defaultProps&&(s=e.type.defaultProps),t)i=="key"?n=t[i]:i=="ref"?o=t[i]:c[i]=t[i]===void 0&&s!=null?s[i]:t[i];return arguments.length>2&&(c.children=arguments.length>3?oe.call(arguments,2):r),V(e.type,c,n||e.key,o||e.ref,null)}function Dt(e){function t(r){var n,o;return this.getChildContext||(n=new Set,(o={})[t.__c]=this,this.getChildContext=function(){return o},this.componentWillUnmount=function(){n=null},this.shouldComponentUpdate=function(i){this.props.value!=i.value&&n.forEach(function(s){s.__e=!0,He(s)})},this.sub=function(i){n.add(i);var s=i.componentWillUnmount;i.componentWillUnmount=function(){n&&n.delete(i),s&&s.call(i)}}),r.children}return t.__c="__cC"+wt++,t.__=e,t.Provider=t.__l=(t.Consumer=function(r,n){return r.children(n)}).contextType=t,t}oe=$e.slice,g={__e:function(e,t,r,n){for(var o,i,s;t=t.__;)if((o=t.__c)&&!o.__)try{if((i=o.constructor)&&i.getDerivedStateFromError!=null&&(o.setState(i.getDerivedStateFromError(e)),s=o.__d),o.componentDidCatch!=null&&(o.componentDidCatch(e,n||{}),s=o.__d),s)return o.__E=o}catch(c){e=c}throw e}},vt=0,mt=function(e){return e!=null&&e.constructor===void 0},ee.prototype.setState=function(e,t){var r;r=this.__s!=null&&this.__s!=this.state?this.__s:this.__s=C({},this.state),typeof e=="function"&&(e=e(C({},r),this.props)),e&&C(r,e),e!=null&&this.__v&&(t&&this._sb.push(t),He(this))},ee.prototype.forceUpdate=function(e){this.__v&&(this.__e=!0,e&&this.__h.push(e),He(this))},ee.prototype.render=G,O=[],yt=typeof Promise=="function"?Promise.prototype.then.bind(Promise.resolve()):setTimeout,Tt=function(e,t){return e.__v.__b-t.__v.__b},we.__r=0,Pe=Math.random().toString(8),ve="__d"+Pe,Y="__a"+Pe,$t=/(PointerCapture)$|Capture$/i,ze=0,Me=rt(!1),Oe=rt(!0),wt=0;var W,y,Ce,it,Se=0,Pt=[],S=g,ot=S.__b,st=S.__r,at=S.diffed,ct=S.__c,ut=S.unmount,lt=S.__;function ae(e,t){S.__h&&S.__h(y,e,Se||t),Se=0;var r=y.__H||(y.__H={__:[],__h:[]});return e>=r.__.length&&r.__.push({}),r.__[e]}function q(e){return Se=1,Ze(Rt,e)}function Ze(e,t,r){var n=ae(W++,2);if(n.t=e,!n.__c&&(n.__=[Rt(void 0,t),function(c){var _=n.__N?n.__N[0]:n.__[0],u=n.t(_,c);_!==u&&(n.__N=[u,n.__[1]],n.__c.setState({}))}],n.__c=y,!y.__f)){var o=function(c,_,u){if(!n.__c.__H)return!0;var d=!1,h=n.__c.props!==c;if(n.__c.__H.__.some(function(f){if(f.__N){d=!0;var p=f.__[0];f.__=f.__N,f.__N=void 0,p!==f.__[0]&&(h=!0)}}),i){var a=i.call(this,c,_,u);return d?a||h:a}return!d||h};y.__f=!0;var i=y.shouldComponentUpdate,s=y.componentWillUpdate;y.componentWillUpdate=function(c,_,u){if(this.__e){var d=i;i=void 0,o(c,_,u),i=d}s&&s.call(this,c,_,u)},y.shouldComponentUpdate=o}return n.__N||n.__}function Fe(e,t){var r=ae(W++,3);!S.__s&&Xe(r.__H,t)&&(r.__=e,r.u=t,y.__H.__h.push(r))}function Ct(e,t){var r=ae(W++,4);!S.__s&&Xe(r.__H,t)&&(r.__=e,r.u=t,y.__h.push(r))}function P(e){return Se=5,J(function(){return{current:e}},[])}function J(e,t){var r=ae(W++,7);return Xe(r.__H,t)&&(r.__=e(),r.__H=t,r.__h=e),r.__}function Ke(e){var t=y.context[e.__c],r=ae(W++,9);return r.c=e,t?(r.__==null&&(r.__=!0,t.sub(y)),t.props.value):e.__}function nr(){for(var e;e=Pt.shift();){var t=e.__H;if(e.__P&&t)try{t.__h.some(me),t.__h.some(qe),t.__h=[]}catch(r){t.__h=[],S.__e(r,e.__v)}}}S.__b=function(e){y=null,ot&&ot(e)},S.__=function(e,t){e&&t.__k&&t.__k.__m&&(e.__m=t.__k.__m),lt&&lt(e,t)},S.__r=function(e){st&&st(e),W=0;var t=(y=e.__c).__H;t&&(Ce===y?(t.__h=[],y.__h=[],t.__.some(function(r){r.__N&&(r.__=r.__N),r.u=r.__N=void 0})):(t.__h.some(me),t.__h.some(qe),t.__h=[],W=0)),Ce=y},S.diffed=function(e){at&&at(e);var t=e.__c;t&&t.__H&&(t.__H.__h.length&&(Pt.push(t)!==1&&it===S.requestAnimationFrame||((it=S.requestAnimationFrame)||ir)(nr)),t.__H.__.some(function(r){r.u&&(r.__H=r.u,r.u=void 0)})),Ce=y=null},S.__c=function(e,t){t.some(function(r){try{r.__h.some(me),r.__h=r.__h.filter(function(n){return!n.__||qe(n)})}catch(n){t.some(function(o){o.__h&&(o.__h=[])}),t=[],S.__e(n,r.__v)}}),ct&&ct(e,t)},S.unmount=function(e){ut&&ut(e);var t,r=e.__c;r&&r.__H&&(r.__H.__.some(function(n){try{me(n)}catch(o){t=o}}),r.__H=void 0,t&&S.__e(t,r.__v))};var dt=typeof requestAnimationFrame=="function";function ir(e){var t,r=function(){clearTimeout(n),dt&&cancelAnimationFrame(t),setTimeout(e)},n=setTimeout(r,35);dt&&(t=requestAnimationFrame(r))}function me(e){var t=y,r=e.__c;typeof r=="function"&&(e.__c=void 0,r()),y=t}function qe(e){var t=y;e.__c=e.__(),y=t}function Xe(e,t){return!e||e.length!==t.length||t.some(function(r,n){return r!==e[n]})}function Rt(e,t){return typeof t=="function"?t(e):t}let Q,X;function or(e){return!X||(typeof X=="string"?e.startsWith(X):X.test(e))}function sr(e,t){let r="";if(Q=void 0,t&&t.type==="click"){if(t.ctrlKey||t.metaKey||t.altKey||t.shiftKey||t.button!==0)return e;const n=t.composedPath().find(i=>i.nodeName=="A"&&i.href),o=n&&n.getAttribute("href");if(!n||n.origin!=location.origin||/^#/.test(o)||!/^(_?self)?$/i.test(n.target)||!or(o)||n.download)return e;Q=!0,t.preventDefault(),r=n.href.replace(location.origin,"")}else t&&t.url?(Q=!t.replace,r=t.url):r=location.pathname+location.search;return Q===!0?history.pushState(null,"",r):Q===!1&&history.replaceState(null,"",r),r}const ar=(e,t,r={})=>{e=e.split("/").filter(Boolean),t=(t||"").split("/").filter(Boolean),r.params||(r.params={});for(let n=0,o,i;n<Math.max(e.length,t.length);n++){let[,s,c,_]=(t[n]||"").match(/^(:?)(.*?)([+*?]?)$/);if(o=e[n],!(!s&&c==o)){if(!s&&o&&_=="*"){r.rest="/"+e.slice(n).join("/");break}if(!s||!o&&_!="?"&&_!="*")return;if(i=_=="+"||_=="*",i?o=e.slice(n).map(decodeURIComponent).join("/")||void 0:o&&(o=decodeURIComponent(o)),r.params[c]=o,c in r||(r[c]=o),i)break}}return r};function ce(e){const[t,r]=Ze(sr,e.url||location.pathname+location.search);e.scope&&(X=e.scope);const n=Q===!0,o=J(()=>{const i=new URL(t,location.origin),s=i.pathname.replace(/\/+$/g,"")||"/";return{url:t,path:s,query:Object.fromEntries(i.searchParams),route:(c,_)=>r({url:c,replace:_}),back:()=>{history.back()},forward:()=>{history.forward()},wasPush:n}},[t]);return Ct(()=>(addEventListener("click",r),addEventListener("popstate",r),()=>{removeEventListener("click",r),removeEventListener("popstate",r)}),[]),x(ce.ctx.Provider,{value:o},e.children)}const cr=Promise.resolve();function xt(e){const[t,r]=Ze(E=>E+1,0),{url:n,query:o,wasPush:i,path:s}=Ae();if(!n)throw new Error("preact-iso's <Router> must be used within a <LocationProvider>, see: https://github.com/preactjs/preact-iso#locationprovider");const{rest:c=s,params:_={}}=Ke(je),u=P(!1),d=P(s),h=P(1),a=P(),f=P(),p=P(),b=P(!1),$=P();$.current=!1;let w,v,F;bt(e.children).some(E=>{if(ar(c,E.props.path,F={...E.props,path:c,query:o,params:Object.assign({},_),rest:""}))return w=nt(E,F);E.props.default&&(v=nt(E,F))});let I=w||v;const R=a.current&&a.current.__u&fe&&a.current.__u&he,H=a.current&&a.current.__h,de=J(()=>{f.current=a.current,a.current=x(je.Provider,{value:F},I);const E=f.current&&f.current.props.children;return!E||!I||I.type!==E.type||I.props.component!==E.props.component?(h.current++,!0):!1},[n,JSON.stringify(F)]);R?(a.current.__u|=fe,a.current.__u|=he):H&&(a.current.__h=!0);const B=f.current;return f.current=null,this.__c=(E,A)=>{$.current=!0,f.current=B,e.onLoadStart&&e.onLoadStart(n),u.current=!0;let M=h.current;E.then(()=>{M===h.current&&(f.current=null,a.current&&(A.__h&&(a.current.__h=A.__h),A.__u&he&&(a.current.__u|=he),A.__u&fe&&(a.current.__u|=fe)),cr.then(r))})},Ct(()=>{const E=this.__v&&this.__v.__e;if($.current){!b.current&&!p.current&&(p.current=E);return}!b.current&&p.current&&(p.current!==E&&p.current.remove(),p.current=null),b.current=!0,d.current!==s&&(i&&scrollTo(0,0),e.onRouteChange&&e.onRouteChange(n),d.current=s),e.onLoadEnd&&u.current&&e.onLoadEnd(n),u.current=!1},[s,i,t]),de?[x(Re,{r:a,key:h.current}),x(Re,{r:f,key:h.current-1})]:x(Re,{r:a,key:h.current})}const fe=32,he=128,Re=({r:e})=>e.current;xt.Provider=ce;ce.ctx=Dt({});const je=Dt({}),D=e=>x(e.component,e),Ae=()=>Ke(ce.ctx),Dn=()=>Ke(je),_t=g.__b;g.__b=e=>{e.type&&e.type._forwarded&&e.ref&&(e.props.ref=e.ref,e.ref=null),_t&&_t(e)};function ue(e){let t,r;const n=()=>e().then(i=>r=i&&i.default||i),o=i=>{const[,s]=q(0),c=P(r);if(t||(t=n()),r!==void 0)return x(r,i);throw c.current||(c.current=t.then(()=>s(1))),t};return o.preload=()=>(t||(t=n()),t),o._forwarded=!0,o}const ft=g.__e;g.__e=(e,t,r)=>{if(e&&e.then){let n=t;for(;n=n.__;)if(n.__c&&n.__c.__c)return t.__e==null&&(t.__c.__z=[r.__e],t.__e=r.__e,t.__k=r.__k),t.__k||(t.__k=[]),n.__c.__c(e,t)}ft&&ft(e,t,r)};function ur(e){return this.__c=lr,this.componentDidCatch=e.onError,e.children}function lr(e){e.then(()=>this.forceUpdate())}var dr=Symbol.for("preact-signals");function Ue(){if(N>1)N--;else{var e,t=!1;for((function(){var o=ke;for(ke=void 0;o!==void 0;){var i=o.S;if(i.v===o.v)for(var s=i.t;s!==void 0;s=s.x)s.i===o.i&&(s.i=i.i);o=o.o}})();re!==void 0;){var r=re;for(re=void 0,Ee++;r!==void 0;){var n=r.u;if(r.u=void 0,r.f&=-3,!(8&r.f)&&Lt(r))try{r.c()}catch(o){t||(e=o,t=!0)}r=n}}if(Ee=0,N--,t)throw e}}function _r(e){if(N>0)return e();We=++fr,N++;try{return e()}finally{Ue()}}var te,m=void 0;function Ie(e){var t=m,r=te;m=void 0,te=void 0;try{return e()}finally{m=t,te=r}}var re=void 0,N=0,Ee=0,fr=0,We=0,ke=void 0,be=0;function Nt(e){if(m!==void 0){var t=e.n;if(t===void 0||t.t!==m)return t={i:0,S:e,p:m.s,n:void 0,t:m,e:void 0,x:void 0,r:t},m.s!==void 0&&(m.s.n=t),m.s=t,e.n=t,32&m.f&&e.S(t),t;if(t.i===-1)return t.i=0,t.n!==void 0&&(t.n.p=t.p,t.p!==void 0&&(t.p.n=t.n),t.p=m.s,t.n=void 0,m.s.n=t,m.s=t),t}}function k(e,t){this.v=e,this.i=0,this.n=void 0,this.t=void 0,this.l=0,this.W=t?.watched,this.Z=t?.unwatched,this.name=t?.name}k.prototype.brand=dr;k.prototype.h=function(){return!0};k.prototype.S=function(e){var t=this,r=this.t;r!==e&&e.e===void 0&&(e.x=r,this.t=e,r!==void 0?r.e=e:Ie(function(){var n;(n=t.W)==null||n.call(t)}))};k.prototype.U=function(e){var t=this;if(this.t!==void 0){var r=e.e,n=e.x;r!==void 0&&(r.x=n,e.e=void 0),n!==void 0&&(n.e=r,e.x=void 0),e===this.t&&(this.t=n,n===void 0&&Ie(function(){var o;(o=t.Z)==null||o.call(t)}))}};k.prototype.subscribe=function(e){var t=this;return le(function(){var r=t.value;Ie(function(){return e(r)})},{name:"sub"})};k.prototype.valueOf=function(){return this.value};k.prototype.toString=function(){return this.value+""};k.prototype.toJSON=function(){return this.value};k.prototype.peek=function(){var e=this;return Ie(function(){return e.value})};Object.defineProperty(k.prototype,"value",{get:function(){var e=Nt(this);return e!==void 0&&(e.i=this.i),this.v},set:function(e){if(e!==this.v){if(Ee>100)throw new Error("Cycle detected");(function(r){N!==0&&Ee===0&&r.l!==We&&(r.l=We,ke={S:r,v:r.v,i:r.i,o:ke})})(this),this.v=e,this.i++,be++,N++;try{for(var t=this.t;t!==void 0;t=t.x)t.t.N()}finally{Ue()}}}});function De(e,t){return new k(e,t)}function Lt(e){for(var t=e.s;t!==void 0;t=t.n)if(t.S.i!==t.i||!t.S.h()||t.S.i!==t.i)return!0;return!1}function Mt(e){for(var t=e.s;t!==void 0;t=t.n){var r=t.S.n;if(r!==void 0&&(t.r=r),t.S.n=t,t.i=-1,t.n===void 0){e.s=t;break}}}function Ot(e){for(var t=e.s,r=void 0;t!==void 0;){var n=t.p;t.i===-1?(t.S.U(t),n!==void 0&&(n.n=t.n),t.n!==void 0&&(t.n.p=n)):r=t,t.S.n=t.r,t.r!==void 0&&(t.r=void 0),t=n}e.s=r}function z(e,t){k.call(this,void 0,t),this.x=e,this.s=void 0,this.g=be-1,this.f=4}z.prototype=new k;z.prototype.h=function(){if(this.f&=-3,1&this.f)return!1;if((36&this.f)==32||(this.f&=-5,this.g===be))return!0;if(this.g=be,this.f|=1,this.i>0&&!Lt(this))return this.f&=-2,!0;var e=m;try{Mt(this),m=this;var t=this.x();(16&this.f||this.v!==t||this.i===0)&&(this.v=t,this.f&=-17,this.i++)}catch(r){this.v=r,this.f|=16,this.i++}return m=e,Ot(this),this.f&=-2,!0};z.prototype.S=function(e){if(this.t===void 0){this.f|=36;for(var t=this.s;t!==void 0;t=t.n)t.S.S(t)}k.prototype.S.call(this,e)};z.prototype.U=function(e){if(this.t!==void 0&&(k.prototype.U.call(this,e),this.t===void 0)){this.f&=-33;for(var t=this.s;t!==void 0;t=t.n)t.S.U(t)}};z.prototype.N=function(){if(!(2&this.f)){this.f|=6;for(var e=this.t;e!==void 0;e=e.x)e.t.N()}};Object.defineProperty(z.prototype,"value",{get:function(){if(1&this.f)throw new Error("Cycle detected");var e=Nt(this);if(this.h(),e!==void 0&&(e.i=this.i),16&this.f)throw this.v;return this.v}});function Ge(e,t){return new z(e,t)}function Ht(e){var t=e.j;if(e.j=void 0,typeof t=="function"){N++;var r=m;m=void 0;try{t()}catch(n){throw e.f&=-2,e.f|=8,Ye(e),n}finally{m=r,Ue()}}}function Ye(e){for(var t=e.s;t!==void 0;t=t.n)t.S.U(t);e.x=void 0,e.s=void 0,Ht(e)}function hr(e){if(m!==this)throw new Error("Out-of-order effect");Ot(this),m=e,this.f&=-2;try{8&this.f&&Ye(this)}finally{Ue()}}function Z(e,t){this.x=e,this.j=void 0,this.s=void 0,this.u=void 0,this.f=32,this.name=t?.name,te&&te.push(this)}Z.prototype.c=function(){var e=this.S();try{if(8&this.f||this.x===void 0)return;var t=this.x();typeof t=="function"&&(this.j=t)}finally{e()}};Z.prototype.S=function(){if(1&this.f)throw new Error("Cycle detected");this.f|=1,this.f&=-9,Ht(this),Mt(this),N++;var e=m;return m=this,hr.bind(this,e)};Z.prototype.N=function(){2&this.f||(this.f|=2,this.u=re,re=this)};Z.prototype.d=function(){this.f|=8,1&this.f||Ye(this)};Z.prototype.dispose=function(){this.d()};function le(e,t){var r=new Z(e,t);try{r.c()}catch(o){throw r.d(),o}var n=r.d.bind(r);return n[Symbol.dispose]=n,n}var qt,ge,gr=typeof window<"u"&&!!window.__PREACT_SIGNALS_DEVTOOLS__,jt=[];le(function(){qt=this.N})();function K(e,t){g[e]=t.bind(null,g[e]||function(){})}function ne(e){if(ge){var t=ge;ge=void 0,t()}ge=e&&e.S()}function Wt(e){var t=this,r=e.data,n=vr(r);n.name="ReactiveDom",n.value=r;var o=J(function(){for(var c=t,_=t.__v;_=_.__;)if(_.__c){_.__c.__$f|=4;break}var u=Ge(function(){var f=n.value.value;return f===0?0:f===!0?"":f||""}),d=Ge(function(){return!Array.isArray(u.value)&&!mt(u.value)}),h=le(function(){if(this.N=Gt,d.value){var f=u.value;c.__v&&c.__v.__e&&c.__v.__e.nodeType===3&&(c.__v.__e.data=f)}}),a=t.__$u.d;return t.__$u.d=function(){h(),a.call(this)},[d,u]},[]),i=o[0],s=o[1];return i.value?s.peek():s.value}Wt.displayName="ReactiveTextNode";Object.defineProperties(k.prototype,{constructor:{configurable:!0,value:x(G,null).constructor},type:{configurable:!0,value:Wt},props:{configurable:!0,get:function(){var e=this;return{data:{get value(){return e.value}}}}},__b:{configurable:!0,value:1}});K("__b",function(e,t){if(ne(),typeof t.type=="string"){var r,n=t.props;for(var o in n)if(o!=="children"){var i=n[o];i instanceof k&&(r||(t.__np=r={}),r[o]=i,n[o]=i.peek())}}e(t)});K("__r",function(e,t){if(e(t),t.type!==G){ne();var r,n=t.__c;n&&(n.__$f&=-2,(r=n.__$u)===void 0&&(n.__$u=r=(function(o,i){var s;return le(function(){s=this},{name:i}),s.c=o,s})((function(o){return function(){var i;gr&&((i=this.y)==null||i.call(this)),o.__$f|=1,o.setState({})}})(n),typeof t.type=="function"?t.type.displayName||t.type.name:""))),ne(r)}});K("__e",function(e,t,r,n){ne(),e(t,r,n)});K("diffed",function(e,t){ne();var r;if(typeof t.type=="string"&&(r=t.__e)){var n=t.__np,o=t.props,i=r.U;if(i)for(var s in i){var c=i[s];c===void 0||n&&s in n||(c.d(),i[s]=void 0)}if(n){i||(i={},r.U=i);for(var _ in n){var u=i[_],d=n[_];u===void 0?(u=pr(r,_,d,o),i[_]=u):u.o(d,o)}}}e(t)});function pr(e,t,r,n){var o=t in e&&e.ownerSVGElement===void 0,i=De(r);return{o:function(s,c){i.value=s,n=c},d:le(function(){this.N=Gt;var s=i.value.value;n[t]!==s&&(n[t]=s,o?e[t]=s:s!=null&&(s!==!1||t[4]==="-")?e.setAttribute(t,s):e.removeAttribute(t))})}}K("unmount",function(e,t){if(typeof t.type=="string"){var r=t.__e;if(r){var n=r.U;if(n){r.U=void 0;for(var o in n){var i=n[o];i&&i.d()}}}var s=t.__np;if(s){var c=t.props;for(var _ in s)c[_]=s[_]}t.__np=void 0}else{var u=t.__c;if(u){u.__$f|=8;var d=u.__$u;d&&(u.__$u=void 0,d.d())}}e(t)});K("__h",function(e,t,r,n){n<3&&(t.__$f|=2),e(t,r,n)});ee.prototype.shouldComponentUpdate=function(e,t){if(this.__R)return!0;var r=this.__$u,n=r&&r.s!==void 0;for(var o in t)return!0;if(this.__f||typeof this.u=="boolean"&&this.u===!0){var i=2&this.__$f;if(!(n||i||4&this.__$f)||1&this.__$f)return!0}else if(!(n||4&this.__$f)||3&this.__$f)return!0;for(var s in e)if(s!=="__source"&&e[s]!==this.props[s])return!0;for(var c in this.props)if(!(c in e))return!0;return!1};function vr(e,t){return J(function(){return De(e,t)},[])}var mr=function(e){queueMicrotask(function(){queueMicrotask(e)})};function yr(){_r(function(){for(var e;e=jt.shift();)qt.call(e)})}function Gt(){jt.push(this)===1&&(g.requestAnimationFrame||mr)(yr)}const L=De(null),ye=De(!1),zt=Ge(()=>L.value?.scopes.includes("triggers:write")??!1);function Bt(){const e=L.value?.csrfToken;if(e)return e;const t=document.cookie.match(/(?:^|;\s*)etp_csrf=([^;]+)/);return t?decodeURIComponent(t[1]):""}async function Qt(){try{const e=await fetch("/session",{credentials:"same-origin",headers:{Accept:"application/json"}});L.value=e.ok?await e.json():null}catch{L.value=null}return ye.value=!0,L.value}async function Tr(e){try{const t=await e.json();return t.detail||t.title||`Sign-in failed (${e.status})`}catch{return`Sign-in failed (${e.status})`}}async function $r(e){const t=await fetch("/session",{method:"POST",credentials:"same-origin",headers:{"Content-Type":"application/json",Accept:"application/json"},body:JSON.stringify({apiKey:e})});return t.ok?await Qt()?null:"Signed in, but the session could not be read back.":Tr(t)}async function wr(){try{await fetch("/session",{method:"DELETE",credentials:"same-origin",headers:{"X-CSRF-Token":Bt()}})}finally{L.value=null}}const ht="/triggers";function Sr(e){return e==="/"||e==="/signin"||e.startsWith("/signin?")?"/signin":`/signin?next=${encodeURIComponent(e)}`}function Jt(e){return!e||!e.startsWith("/")||e.startsWith("//")||e.startsWith("/\\")||e.startsWith("/signin")?ht:e}var Er=0;function l(e,t,r,n,o,i){t||(t={});var s,c,_=t;if("ref"in _)for(c in _={},t)c=="ref"?s=t[c]:_[c]=t[c];var u={type:e,props:_,key:r,ref:s,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:--Er,__i:-1,__u:0,__source:o,__self:i};if(typeof e=="function"&&(s=e.defaultProps))for(c in s)_[c]===void 0&&(_[c]=s[c]);return g.vnode&&g.vnode(u),u}const kr=[{href:"/triggers",label:"Triggers"},{href:"/events",label:"Events"},{href:"/try",label:"Try a definition"}];function br({children:e}){const{path:t,route:r}=Ae(),n=L.value;return l(G,{children:[l("a",{class:"skip",href:"#main",children:"Skip to content"}),l("header",{class:"top",children:[l("span",{class:"brand",children:"Event triggers"}),l("nav",{"aria-label":"Main",children:l("ul",{children:kr.map(o=>{const i=t===o.href||o.href!=="/"&&t.startsWith(o.href+"/");return l("li",{children:l("a",{href:o.href,"aria-current":i?"page":void 0,children:o.label})},o.href)})})}),l("div",{class:"who",children:[l("span",{class:"key-name",children:n?.keyName}),!zt.value&&l("span",{class:"badge",children:"read-only"}),l("a",{href:"/graphql",target:"_top",class:"graphiql-link",children:"GraphiQL"}),l("button",{type:"button",class:"secondary",onClick:async()=>{await wr(),r("/signin",!0)},children:"Sign out"})]})]}),l("main",{id:"main",tabIndex:-1,children:e})]})}function Fr(){const{route:e,query:t}=Ae(),[r,n]=q(null),[o,i]=q(!1),s=P(null);Fe(()=>{document.title="Sign in · Event triggers",s.current?.focus()},[]);const c=async _=>{_.preventDefault();const u=s.current,d=u.value.trim();if(!d){n("Enter an API key.");return}i(!0),n(null);try{const h=await $r(d);h?(n(h),u.focus(),u.select()):(u.value="",e(Jt(t.next),!0))}catch{n("The server cannot be reached.")}finally{i(!1)}};return l("section",{class:"signin","aria-labelledby":"signin-h",children:[l("h1",{id:"signin-h",children:"Sign in"}),l("p",{children:"Sign in with an API key. It is exchanged for a session cookie and not stored by this page."}),l("form",{onSubmit:c,method:"post",action:"/session",children:[l("label",{for:"api-key",children:"API key"}),l("input",{id:"api-key",name:"apiKey",type:"password",autoComplete:"off",spellcheck:!1,ref:s,"aria-invalid":r?"true":void 0,"aria-describedby":r?"api-key-error":void 0}),l("button",{type:"submit",disabled:o,children:"Sign in"}),l("div",{role:"alert",class:"error",id:"api-key-error",children:r})]})]})}class T extends String{__apiType;value;__meta__;constructor(t,r){super(t),this.value=t,this.__meta__=r}toString(){return this.value}}new T(`
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
    `,{fragmentName:"TriggerFields"});new T(`
    fragment UserErrorFields on UserError {
  code
  field
  message
}
    `,{fragmentName:"UserErrorFields"});new T(`
    fragment TriggerResult on TriggerPayload {
  trigger {
    ...TriggerFields
  }
  errors {
    ...UserErrorFields
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
}
fragment UserErrorFields on UserError {
  code
  field
  message
}`,{fragmentName:"TriggerResult"});new T(`
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
    `,{fragmentName:"EventFields"});new T(`
    fragment EventResult on EventPayload {
  event {
    ...EventFields
  }
  errors {
    ...UserErrorFields
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
}
fragment UserErrorFields on UserError {
  code
  field
  message
}`,{fragmentName:"EventResult"});const Ar=new T(`
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
}`),Ur=new T(`
    query TriggerRows($after: String, $since: DateTime) {
  triggers(first: 100, after: $after) {
    edges {
      cursor
      node {
        ...TriggerFields
        lastEvent {
          id
          firedAt
        }
        eventCount(since: $since)
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
}`),Ir=new T(`
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
}`),Dr=new T(`
    query Counts {
  eventCounts {
    triggerId
    triggerName
    active
    archived
  }
}
    `),Pr=new T(`
    query Rate($triggerId: ID, $since: DateTime) {
  eventRate(triggerId: $triggerId, since: $since, bucketSeconds: 60) {
    start
    count
  }
}
    `),Cr=new T(`
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
}`),Rr=new T(`
    query Preview($schedule: ScheduleInput!) {
  previewSchedule(schedule: $schedule, count: 5)
  describeSchedule(schedule: $schedule)
}
    `),xr=new T(`
    mutation CreateScheduled($input: CreateScheduledTriggerInput!) {
  r: createScheduledTrigger(input: $input) {
    ...TriggerResult
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
}
fragment UserErrorFields on UserError {
  code
  field
  message
}
fragment TriggerResult on TriggerPayload {
  trigger {
    ...TriggerFields
  }
  errors {
    ...UserErrorFields
  }
}`),Nr=new T(`
    mutation CreateApi($input: CreateApiTriggerInput!) {
  r: createApiTrigger(input: $input) {
    ...TriggerResult
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
}
fragment UserErrorFields on UserError {
  code
  field
  message
}
fragment TriggerResult on TriggerPayload {
  trigger {
    ...TriggerFields
  }
  errors {
    ...UserErrorFields
  }
}`),Lr=new T(`
    mutation Update($id: ID!, $input: UpdateTriggerInput!) {
  r: updateTrigger(id: $id, input: $input) {
    ...TriggerResult
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
}
fragment UserErrorFields on UserError {
  code
  field
  message
}
fragment TriggerResult on TriggerPayload {
  trigger {
    ...TriggerFields
  }
  errors {
    ...UserErrorFields
  }
}`),Mr=new T(`
    mutation Pause($id: ID!) {
  r: pauseTrigger(id: $id) {
    ...TriggerResult
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
}
fragment UserErrorFields on UserError {
  code
  field
  message
}
fragment TriggerResult on TriggerPayload {
  trigger {
    ...TriggerFields
  }
  errors {
    ...UserErrorFields
  }
}`),Or=new T(`
    mutation Resume($id: ID!) {
  r: resumeTrigger(id: $id) {
    ...TriggerResult
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
}
fragment UserErrorFields on UserError {
  code
  field
  message
}
fragment TriggerResult on TriggerPayload {
  trigger {
    ...TriggerFields
  }
  errors {
    ...UserErrorFields
  }
}`),Hr=new T(`
    mutation RotateHookToken($id: ID!) {
  r: rotateHookToken(id: $id) {
    ...TriggerResult
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
}
fragment UserErrorFields on UserError {
  code
  field
  message
}
fragment TriggerResult on TriggerPayload {
  trigger {
    ...TriggerFields
  }
  errors {
    ...UserErrorFields
  }
}`),qr=new T(`
    mutation Delete($id: ID!) {
  r: deleteTrigger(id: $id) {
    deletedId
    errors {
      ...UserErrorFields
    }
  }
}
    fragment UserErrorFields on UserError {
  code
  field
  message
}`),jr=new T(`
    mutation Fire($id: ID!, $payload: JSON) {
  r: fireTrigger(id: $id, payload: $payload) {
    ...EventResult
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
}
fragment UserErrorFields on UserError {
  code
  field
  message
}
fragment EventResult on EventPayload {
  event {
    ...EventFields
  }
  errors {
    ...UserErrorFields
  }
}`),Wr=new T(`
    mutation Test($id: ID!, $payload: JSON) {
  r: testTrigger(id: $id, payload: $payload) {
    ...EventResult
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
}
fragment UserErrorFields on UserError {
  code
  field
  message
}
fragment EventResult on EventPayload {
  event {
    ...EventFields
  }
  errors {
    ...UserErrorFields
  }
}`),Gr=new T(`
    mutation Try($input: TriggerDefinitionInput!, $fireAt: DateTime) {
  r: testTriggerDefinition(input: $input, fireAt: $fireAt) {
    ...EventResult
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
}
fragment UserErrorFields on UserError {
  code
  field
  message
}
fragment EventResult on EventPayload {
  event {
    ...EventFields
  }
  errors {
    ...UserErrorFields
  }
}`),zr=new T(`
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
}`),Pn=new T(`
    subscription Live($triggerId: ID, $includeTest: Boolean!, $source: EventSource, $payloadContains: JSON, $after: ID) {
  eventFired(
    triggerId: $triggerId
    includeTest: $includeTest
    source: $source
    payloadContains: $payloadContains
    after: $after
  ) {
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
}`);class pe extends Error{constructor(t,r,n=[]){super(t),this.code=r,this.fieldErrors=n}code;fieldErrors}async function U(e,t){const r=e.toString();let n;try{n=await fetch("/graphql",{method:"POST",credentials:"same-origin",headers:{"Content-Type":"application/json",Accept:"application/graphql-response+json, application/json","X-CSRF-Token":Bt()},body:JSON.stringify({query:r,variables:t})})}catch{throw new pe("The server cannot be reached.")}let o;try{o=await n.json()}catch{throw new pe(`The server answered ${n.status}.`)}const i=o.errors?.[0];if(i){const s=i.extensions?.code;(s==="UNAUTHENTICATED"||n.status===401)&&(L.value=null);const c=(i.extensions?.errors??[]).map(_=>({code:s??"INVALID",field:_.field??null,message:_.message}));throw new pe(i.message,s,c)}if(!o.data)throw new pe(`The server answered ${n.status} without data.`);return o.data}const Ve=e=>({items:e.edges,hasNextPage:e.pageInfo.hasNextPage,endCursor:e.pageInfo.endCursor}),Br=Ar;async function Qr(e=null){const t=await U(Br,{after:e});return Ve(t.triggers)}const Jr=Ur;async function Zr(e){return Zt(async t=>Ve((await U(Jr,{after:t,since:e})).triggers))}async function Zt(e){const t=[];let r=null;for(;;){const n=await e(r);if(t.push(...n.items.map(o=>o.node)),!n.hasNextPage||!n.endCursor)return t;r=n.endCursor}}async function Cn(){return Zt(Qr)}const Kr=Ir;async function Rn(e){return(await U(Kr,{id:e})).trigger}const Xr=Dr;async function Yr(){return(await U(Xr,{})).eventCounts}const Vr=Pr;async function xn(e,t){return(await U(Vr,{triggerId:e,since:t})).eventRate}const en=Cr;async function Nn(e,t,r){const n=await U(en,{status:e.status,triggerId:e.triggerId||null,source:e.source||null,includeTest:!!e.includeTest,since:e.since||null,until:e.until||null,payloadContains:e.payloadContains??null,first:t,after:r});return Ve(n.events)}const tn=Rr;async function Ln(e){const t=await U(tn,{schedule:e});return{times:t.previewSchedule,description:t.describeSchedule}}const rn=xr;async function Mn(e){return(await U(rn,{input:e})).r}const nn=Nr;async function On(e){return(await U(nn,{input:e})).r}const on=Lr;async function Hn(e,t){return(await U(on,{id:e,input:t})).r}const sn=Mr,an=Or,cn=Hr,un={pauseTrigger:sn,resumeTrigger:an,rotateHookToken:cn};async function qn(e,t){return(await U(un[e],{id:t})).r}const ln=qr;async function jn(e){return(await U(ln,{id:e})).r}const dn=jr,_n=Wr;async function Wn(e,t,r){return(await U(t?_n:dn,{id:e})).r}const fn=Gr;async function Gn(e,t){return(await U(fn,{input:e,fireAt:t})).r}function zn(e){const t=new URLSearchParams;return t.set("status",e.status),e.triggerId&&t.set("triggerId",e.triggerId),e.source&&t.set("source",e.source),t.set("includeTest",e.includeTest?"true":"false"),e.since&&t.set("since",e.since),e.until&&t.set("until",e.until),e.payloadContains!==void 0&&e.payloadContains!==null&&t.set("payloadContains",JSON.stringify(e.payloadContains)),`/events/export.ndjson?${t.toString()}`}const hn=zr;async function Bn(e){return(await U(hn,{id:e})).event}const gn=new Intl.DateTimeFormat(void 0,{year:"numeric",month:"short",day:"2-digit",hour:"2-digit",minute:"2-digit",second:"2-digit",timeZoneName:"short"}),pn=new Intl.DateTimeFormat("en-GB",{year:"numeric",month:"short",day:"2-digit",hour:"2-digit",minute:"2-digit",second:"2-digit",timeZone:"UTC",timeZoneName:"short"}),Qn=Intl.DateTimeFormat().resolvedOptions().timeZone;function vn(e){return e?gn.format(new Date(e)):"—"}const xe=new Map;function mn(e){if(!xe.has(e)){let t;try{t=new Intl.DateTimeFormat(void 0,{year:"numeric",month:"short",day:"2-digit",hour:"2-digit",minute:"2-digit",second:"2-digit",timeZone:e})}catch{t=null}xe.set(e,t)}return xe.get(e)??null}function yn(e,t){if(!e)return"—";const r=t?mn(t):null;return r?`${r.format(new Date(e))} (${t})`:vn(e)}function gt(e){return e?pn.format(new Date(e)):"—"}function Jn(e){if(!e)return null;const t=new Date(e);return Number.isNaN(t.getTime())?null:t.toISOString()}function Zn(e){if(!e)return"";const t=new Date(e);if(Number.isNaN(t.getTime()))return"";const r=n=>String(n).padStart(2,"0");return`${t.getFullYear()}-${r(t.getMonth()+1)}-${r(t.getDate())}T${r(t.getHours())}:${r(t.getMinutes())}:${r(t.getSeconds())}`}function Ne({iso:e,inline:t=!1,zone:r}){return e?l("time",{dateTime:e,title:gt(e),class:t?"time inline":"time",children:[l("span",{class:"local",children:yn(e,r)}),l("span",{class:"utc",children:gt(e)})]}):l("span",{children:"—"})}function Tn({errors:e}){return l("div",{role:"alert",class:e.length?"alert":"alert empty",children:e.length>0&&l("ul",{children:e.map((t,r)=>l("li",{children:typeof t=="string"?t:t.message},r))})})}function $n(e){return e instanceof Error?e.message:String(e)}const wn=24*3600*1e3;function Le(){const[e,t]=q(null),[r,n]=q(new Map),[o,i]=q(null),[s,c]=q(()=>new URLSearchParams(location.search).get("q")??"");Fe(()=>{document.title="Triggers · Event triggers";let d=!0;return(async()=>{try{const h=new Date(Date.now()-wn).toISOString(),[a,f]=await Promise.all([Zr(h),Yr()]);if(!d)return;t(a),n(new Map(f.map(p=>[p.triggerId,p])))}catch(h){d&&i($n(h))}})(),()=>{d=!1}},[]);const _=J(()=>{const d=s.trim().toLowerCase();return(e??[]).filter(h=>!d||h.name.toLowerCase().includes(d))},[e,s]),u=d=>{c(d);const h=new URL(location.href);d?h.searchParams.set("q",d):h.searchParams.delete("q"),history.replaceState(history.state,"",h.pathname+h.search)};return l("section",{"aria-labelledby":"triggers-h",children:[l("div",{class:"page-head",children:[l("h1",{id:"triggers-h",children:"Triggers"}),zt.value&&l("a",{class:"button",href:"/triggers/new",children:"New trigger"})]}),l("div",{class:"toolbar",role:"search",children:[l("label",{for:"trigger-search",class:"visually-hidden",children:"Search triggers"}),l("input",{id:"trigger-search",type:"search",placeholder:"Search by name",value:s,onInput:d=>u(d.currentTarget.value)})]}),l(Tn,{errors:o?[o]:[]}),e===null&&!o&&l("p",{role:"status",children:"Loading triggers…"}),e!==null&&l("div",{class:"table-wrap",children:[l("table",{"aria-label":"Triggers",children:[l("thead",{children:l("tr",{children:[l("th",{scope:"col",children:"Name"}),l("th",{scope:"col",children:"Kind"}),l("th",{scope:"col",children:"Schedule"}),l("th",{scope:"col",children:"Next fire"}),l("th",{scope:"col",children:"Paused"}),l("th",{scope:"col",children:"Missed"}),l("th",{scope:"col",children:"Last event"}),l("th",{scope:"col",children:"Events, 24 h"}),l("th",{scope:"col",children:"Active"}),l("th",{scope:"col",children:"Archived"})]})}),l("tbody",{children:_.map(d=>{const h=r.get(d.id);return l("tr",{"data-trigger-id":d.id,children:[l("td",{children:l("a",{href:`/triggers/${d.id}`,children:d.name})}),l("td",{children:d.kind==="API"?"API":"Scheduled"}),l("td",{children:d.schedule?d.schedule.description:"Webhook"}),l("td",{children:l(Ne,{iso:d.nextFireAt,zone:d.schedule?.timezone})}),l("td",{children:d.paused?l("span",{class:"badge warn",children:"Paused"}):"No"}),l("td",{class:"num",children:d.missedFirings}),l("td",{children:d.lastEvent?l("a",{href:`/events/${encodeURIComponent(d.lastEvent.id)}`,children:l(Ne,{iso:d.lastEvent.firedAt})}):l(Ne,{iso:null})}),l("td",{class:"num",children:d.eventCount}),l("td",{class:"num",children:h?.active??0}),l("td",{class:"num",children:h?.archived??0})]},d.id)})})]}),_.length===0&&l("p",{children:e.length?"No trigger matches the search.":"No triggers yet."})]})]})}const Sn=ue(()=>ie(()=>import("./TriggerDetail-OYP2OZTQ.js"),__vite__mapDeps([0,1,2,3,4])).then(e=>e.TriggerDetail)),pt=ue(()=>ie(()=>import("./TriggerForm-Dk77CQVa.js"),__vite__mapDeps([5,6,1])).then(e=>e.TriggerFormPage)),En=ue(()=>ie(()=>import("./Try-5dDxgB4I.js"),__vite__mapDeps([7,6,1])).then(e=>e.TryPage)),kn=ue(()=>ie(()=>import("./Events-Aubx9iYe.js"),__vite__mapDeps([8,2,3,4,6,1])).then(e=>e.EventsPage)),bn=ue(()=>ie(()=>import("./EventPage-9hx5TP47.js"),__vite__mapDeps([9,4,1])).then(e=>e.EventPage));function Fn(){return l("section",{"aria-labelledby":"nf",children:[l("h1",{id:"nf",children:"Page not found"}),l("p",{children:l("a",{href:"/triggers",children:"Go to the triggers"})})]})}function An(){const{path:e,url:t,query:r,route:n}=Ae(),o=L.value!==null,i=e==="/signin";return Fe(()=>{ye.value&&(!o&&!i?n(Sr(t),!0):o&&i?n(Jt(r.next),!0):o&&e==="/"&&n("/triggers",!0))},[o,i,e,t,ye.value]),ye.value?o?l(br,{children:l(ur,{children:l(xt,{children:[l(D,{path:"/triggers",component:Le}),l(D,{path:"/triggers/new",component:pt}),l(D,{path:"/triggers/:id/edit",component:pt}),l(D,{path:"/triggers/:id",component:Sn}),l(D,{path:"/try",component:En}),l(D,{path:"/events",component:kn}),l(D,{path:"/events/:id",component:bn}),l(D,{path:"/signin",component:Le}),l(D,{path:"/",component:Le}),l(D,{default:!0,component:Fn})]})})}):l("main",{id:"main",children:l(Fr,{})}):l("main",{id:"main",children:l("p",{role:"status",children:"Loading…"})})}function Un(){return Fe(()=>{Qt()},[]),l(ce,{children:l(An,{})})}rr(l(Un,{}),document.getElementById("app"));export{P as A,zn as B,Zn as C,Qt as D,Nn as E,Bn as F,pe as G,ee as H,Pn as L,G as S,J as T,$n as a,Dn as b,Ae as c,q as d,xn as e,Yr as f,Rn as g,Fe as h,Tn as i,zt as j,Ne as k,yn as l,gt as m,Wn as n,jn as o,Hn as p,On as q,Mn as r,Ln as s,qn as t,l as u,Qn as v,vn as w,Jn as x,Gn as y,Cn as z};
