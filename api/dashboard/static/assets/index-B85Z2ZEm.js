const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/TriggerDetail-CCeW-qdn.js","assets/preload-helper-CVfkMyKi.js","assets/EventList-8jAaAexG.js","assets/client-wkOhMJXj.js","assets/TriggerForm-C6PfJ1Wk.js","assets/DefinitionFields-BZgE9TwJ.js","assets/Try-BmAgURq-.js","assets/Events-CPF8QACf.js"])))=>i.map(i=>d[i]);
import{_ as ke}from"./preload-helper-CVfkMyKi.js";var ie,p,ht,pt,H,Xe,gt,vt,De,pe,Y,mt,We,Ne,Le,yt,me={},ye=[],Bt=/acit|ex(?:s|g|n|p|$)|rph|grid|ows|mnc|ntw|ine[ch]|zoo|^ord|itera/i,oe=Array.isArray;function D(t,e){for(var r in e)t[r]=e[r];return t}function Ge(t){t&&t.parentNode&&t.parentNode.removeChild(t)}function R(t,e,r){var n,o,i,a={};for(i in e)i=="key"?n=e[i]:i=="ref"?o=e[i]:a[i]=e[i];if(arguments.length>2&&(a.children=arguments.length>3?ie.call(arguments,2):r),typeof t=="function"&&t.defaultProps!=null)for(i in t.defaultProps)a[i]===void 0&&(a[i]=t.defaultProps[i]);return V(t,a,n,o,null)}function V(t,e,r,n,o){var i={type:t,props:e,key:r,ref:n,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:o??++ht,__i:-1,__u:0};return o==null&&p.vnode!=null&&p.vnode(i),i}function G(t){return t.children}function ee(t,e){this.props=t,this.context=e}function j(t,e){if(e==null)return t.__?j(t.__,t.__i+1):null;for(var r;e<t.__k.length;e++)if((r=t.__k[e])!=null&&r.__e!=null)return r.__e;return typeof t.type=="function"?j(t):null}function Qt(t){if(t.__P&&t.__d){var e=t.__v,r=e.__e,n=[],o=[],i=D({},e);i.__v=e.__v+1,p.vnode&&p.vnode(i),ze(t.__P,i,e,t.__n,t.__P.namespaceURI,32&e.__u?[r]:null,n,r??j(e),!!(32&e.__u),o),i.__v=e.__v,i.__.__k[i.__i]=i,kt(n,i,o),e.__e=e.__=null,i.__e!=r&&Tt(i)}}function Tt(t){if((t=t.__)!=null&&t.__c!=null)return t.__e=t.__c.base=null,t.__k.some(function(e){if(e!=null&&e.__e!=null)return t.__e=t.__c.base=e.__e}),Tt(t)}function Me(t){(!t.__d&&(t.__d=!0)&&H.push(t)&&!Te.__r++||Xe!=p.debounceRendering)&&((Xe=p.debounceRendering)||gt)(Te)}function Te(){try{for(var t,e=1;H.length;)H.length>e&&H.sort(vt),t=H.shift(),e=H.length,Qt(t)}finally{H.length=Te.__r=0}}function $t(t,e,r,n,o,i,a,u,d,c,f){var h,s,_,v,k,m,w=n&&n.__k||ye,g=e.length;for(d=Jt(r,e,w,d,g),h=0;h<g;h++)(_=r.__k[h])!=null&&(s=_.__i!=-1&&w[_.__i]||me,_.__i=h,m=ze(t,_,s,o,i,a,u,d,c,f),v=_.__e,_.ref&&s.ref!=_.ref&&(s.ref&&Be(s.ref,null,_),f.push(_.ref,_.__c||v,_)),k==null&&v!=null&&(k=v),4&_.__u?(d=wt(_,d,t),s.__e&&(s.__e=null)):typeof _.type=="function"&&m!==void 0?d=m:v&&(d=v.nextSibling),_.__u&=-7);return r.__e=k,d}function Jt(t,e,r,n,o){var i,a,u,d,c,f=r.length,h=f,s=0;for(t.__k=new Array(o),i=0;i<o;i++)(a=e[i])!=null&&typeof a!="boolean"&&typeof a!="function"?(typeof a=="string"||typeof a=="number"||typeof a=="bigint"||a.constructor==String?a=t.__k[i]=V(null,a,null,null,null):oe(a)?a=t.__k[i]=V(G,{children:a},null,null,null):a.constructor===void 0&&a.__b>0?a=t.__k[i]=V(a.type,a.props,a.key,a.ref?a.ref:null,a.__v):t.__k[i]=a,d=i+s,a.__=t,a.__b=t.__b+1,u=null,(c=a.__i=Kt(a,r,d,h))!=-1&&(h--,(u=r[c])&&(u.__u|=2)),u==null||u.__v==null?(c==-1&&(o>f?s--:o<f&&s++),typeof a.type!="function"&&(a.__u|=4)):c!=d&&(c==d-1?s--:c==d+1?s++:(c>d?s--:s++,a.__u|=4))):t.__k[i]=null;if(h)for(i=0;i<f;i++)(u=r[i])!=null&&(2&u.__u)==0&&(u.__e==n&&(n=j(u)),Ft(u,u));return n}function wt(t,e,r){var n,o;if(typeof t.type=="function"){for(n=t.__k,o=0;n&&o<n.length;o++)n[o]&&(n[o].__=t,e=wt(n[o],e,r));return e}t.__e!=e&&(e&&t.type&&!e.parentNode&&(e=j(t)),e=r.insertBefore(t.__e,e||null));do e=e&&e.nextSibling;while(e!=null&&e.nodeType==8);return e}function St(t,e){return e=e||[],t==null||typeof t=="boolean"||(oe(t)?t.some(function(r){St(r,e)}):e.push(t)),e}function Kt(t,e,r,n){var o,i,a,u=t.key,d=t.type,c=e[r],f=c!=null&&(2&c.__u)==0;if(c===null&&u==null||f&&u==c.key&&d==c.type)return r;if(n>(f?1:0)){for(o=r-1,i=r+1;o>=0||i<e.length;)if((c=e[a=o>=0?o--:i++])!=null&&(2&c.__u)==0&&u==c.key&&d==c.type)return a}return-1}function Ye(t,e,r){e[0]=="-"?t.setProperty(e,r??""):t[e]=r==null?"":typeof r!="number"||Bt.test(e)?r:r+"px"}function le(t,e,r,n,o){var i,a;e:if(e=="style")if(typeof r=="string")t.style.cssText=r;else{if(typeof n=="string"&&(t.style.cssText=n=""),n)for(e in n)r&&e in r||Ye(t.style,e,"");if(r)for(e in r)n&&r[e]==n[e]||Ye(t.style,e,r[e])}else if(e[0]=="o"&&e[1]=="n")i=e!=(e=e.replace(mt,"$1")),a=e.toLowerCase(),e=a in t||e=="onFocusOut"||e=="onFocusIn"?a.slice(2):e.slice(2),t.l||(t.l={}),t.l[e+i]=r,r?n?r[Y]=n[Y]:(r[Y]=We,t.addEventListener(e,i?Le:Ne,i)):t.removeEventListener(e,i?Le:Ne,i);else{if(o=="http://www.w3.org/2000/svg")e=e.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(e!="width"&&e!="height"&&e!="href"&&e!="list"&&e!="form"&&e!="tabIndex"&&e!="download"&&e!="rowSpan"&&e!="colSpan"&&e!="role"&&e!="popover"&&e in t)try{t[e]=r??"";break e}catch{}typeof r=="function"||(r==null||r===!1&&e[4]!="-"?t.removeAttribute(e):t.setAttribute(e,e=="popover"&&r==1?"":r))}}function Ve(t){return function(e){if(this.l){var r=this.l[e.type+t];if(e[pe]==null)e[pe]=We++;else if(e[pe]<r[Y])return;return r(p.event?p.event(e):e)}}}function ze(t,e,r,n,o,i,a,u,d,c){var f,h,s,_,v,k,m,w,g,F,I,C,q,ue,B,E,A=e.type;if(e.constructor!==void 0)return null;128&r.__u&&(d=!!(32&r.__u),i=[u=e.__e=r.__e]),(f=p.__b)&&f(e);e:if(typeof A=="function"){h=a.length;try{if(g=e.props,F=A.prototype&&A.prototype.render,I=(f=A.contextType)&&n[f.__c],C=f?I?I.props.value:f.__:n,r.__c?w=(s=e.__c=r.__c).__=s.__E:(F?e.__c=s=new A(g,C):(e.__c=s=new ee(g,C),s.constructor=A,s.render=Xt),I&&I.sub(s),s.state||(s.state={}),s.__n=n,_=s.__d=!0,s.__h=[],s._sb=[]),F&&s.__s==null&&(s.__s=s.state),F&&A.getDerivedStateFromProps!=null&&(s.__s==s.state&&(s.__s=D({},s.__s)),D(s.__s,A.getDerivedStateFromProps(g,s.__s))),v=s.props,k=s.state,s.__v=e,_)F&&A.getDerivedStateFromProps==null&&s.componentWillMount!=null&&s.componentWillMount(),F&&s.componentDidMount!=null&&s.__h.push(s.componentDidMount);else{if(F&&A.getDerivedStateFromProps==null&&g!==v&&s.componentWillReceiveProps!=null&&s.componentWillReceiveProps(g,C),e.__v==r.__v||!s.__e&&s.shouldComponentUpdate!=null&&s.shouldComponentUpdate(g,s.__s,C)===!1){e.__v!=r.__v&&(s.props=g,s.state=s.__s,s.__d=!1),e.__e=r.__e,e.__k=r.__k,e.__k.some(function(M){M&&(M.__=e)}),ye.push.apply(s.__h,s._sb),s._sb=[],s.__h.length&&a.push(s),u=j(r);break e}s.componentWillUpdate!=null&&s.componentWillUpdate(g,s.__s,C),F&&s.componentDidUpdate!=null&&s.__h.push(function(){s.componentDidUpdate(v,k,m)})}if(s.context=C,s.props=g,s.__P=t,s.__e=!1,q=p.__r,ue=0,F)s.state=s.__s,s.__d=!1,q&&q(e),f=s.render(s.props,s.state,s.context),ye.push.apply(s.__h,s._sb),s._sb=[];else do s.__d=!1,q&&q(e),f=s.render(s.props,s.state,s.context),s.state=s.__s;while(s.__d&&++ue<25);s.state=s.__s,s.getChildContext!=null&&(n=D(D({},n),s.getChildContext())),F&&!_&&s.getSnapshotBeforeUpdate!=null&&(m=s.getSnapshotBeforeUpdate(v,k)),B=f!=null&&f.type===G&&f.key==null?bt(f.props.children):f,u=$t(t,oe(B)?B:[B],e,r,n,o,i,a,u,d,c),s.base=e.__e,e.__u&=-161,s.__h.length&&a.push(s),w&&(s.__E=s.__=null)}catch(M){if(a.length=h,e.__v=null,d||i!=null){if(M.then){for(e.__u|=d?160:128;u&&u.nodeType==8&&u.nextSibling;)u=u.nextSibling;i!=null&&(i[i.indexOf(u)]=null),e.__e=u}else if(i!=null)for(E=i.length;E--;)Ge(i[E])}else e.__e=r.__e;e.__k==null&&(e.__k=r.__k||[]),M.then||Et(e),p.__e(M,e,r)}}else i==null&&e.__v==r.__v?(e.__k=r.__k,e.__e=r.__e):u=e.__e=Zt(r.__e,e,r,n,o,i,a,d,c);return(f=p.diffed)&&f(e),128&e.__u?void 0:u}function Et(t){t&&(t.__c&&(t.__c.__e=!0),t.__k&&t.__k.some(Et))}function kt(t,e,r){for(var n=0;n<r.length;n++)Be(r[n],r[++n],r[++n]);p.__c&&p.__c(e,t),t.some(function(o){try{t=o.__h,o.__h=[],t.some(function(i){i.call(o)})}catch(i){p.__e(i,o.__v)}})}function bt(t){return typeof t!="object"||t==null||t.__b>0?t:oe(t)?t.map(bt):t.constructor!==void 0?null:D({},t)}function Zt(t,e,r,n,o,i,a,u,d){var c,f,h,s,_,v,k,m=r.props||me,w=e.props,g=e.type;if(g=="svg"?o="http://www.w3.org/2000/svg":g=="math"?o="http://www.w3.org/1998/Math/MathML":o||(o="http://www.w3.org/1999/xhtml"),i!=null){for(c=0;c<i.length;c++)if((_=i[c])&&"setAttribute"in _==!!g&&(g?_.localName==g:_.nodeType==3)){t=_,i[c]=null;break}}if(t==null){if(g==null)return document.createTextNode(w);t=document.createElementNS(o,g,w.is&&w),u&&(p.__m&&p.__m(e,i),u=!1),i=null}if(g==null)m===w||u&&t.data==w||(t.data=w);else{if(i=g=="textarea"&&w.defaultValue!=null?null:i&&ie.call(t.childNodes),!u&&i!=null)for(m={},c=0;c<t.attributes.length;c++)m[(_=t.attributes[c]).name]=_.value;for(c in m)_=m[c],c=="dangerouslySetInnerHTML"?h=_:c=="children"||c in w||c=="value"&&"defaultValue"in w||c=="checked"&&"defaultChecked"in w||le(t,c,null,_,o);for(c in w)_=w[c],c=="children"?s=_:c=="dangerouslySetInnerHTML"?f=_:c=="value"?v=_:c=="checked"?k=_:u&&typeof _!="function"||m[c]===_||le(t,c,_,m[c],o);if(f)u||h&&(f.__html==h.__html||f.__html==t.innerHTML)||(t.innerHTML=f.__html),e.__k=[];else if(h&&(t.innerHTML=""),$t(e.type=="template"?t.content:t,oe(s)?s:[s],e,r,n,g=="foreignObject"?"http://www.w3.org/1999/xhtml":o,i,a,i?i[0]:r.__k&&j(r,0),u,d),i!=null)for(c=i.length;c--;)Ge(i[c]);u&&g!="textarea"||(c="value",g=="progress"&&v==null?t.removeAttribute("value"):v!=null&&(v!==t[c]||g=="progress"&&!v||g=="option"&&v!=m[c])&&le(t,c,v,m[c],o),c="checked",k!=null&&k!=t[c]&&le(t,c,k,m[c],o))}return t}function Be(t,e,r){try{if(typeof t=="function"){var n=typeof t.__u=="function";n&&t.__u(),n&&e==null||(t.__u=t(e))}else t.current=e}catch(o){p.__e(o,r)}}function Ft(t,e,r){var n,o;if(p.unmount&&p.unmount(t),(n=t.ref)&&(n.current&&n.current!=t.__e||Be(n,null,e)),(n=t.__c)!=null){if(n.componentWillUnmount)try{n.componentWillUnmount()}catch(i){p.__e(i,e)}n.base=n.__P=n.__n=null}if(n=t.__k)for(o=0;o<n.length;o++)n[o]&&Ft(n[o],e,r||typeof t.type!="function");r||Ge(t.__e),t.__c=t.__=t.__e=void 0}function Xt(t,e,r){return this.constructor(t,r)}function Yt(t,e,r){var n,o,i,a;e==document&&(e=document.documentElement),p.__&&p.__(t,e),o=(n=!1)?null:e.__k,i=[],a=[],ze(e,t=e.__k=R(G,null,[t]),o||me,me,e.namespaceURI,o?null:e.firstChild?ie.call(e.childNodes):null,i,o?o.__e:e.firstChild,n,a),kt(i,t,a),t.props.children=null}function et(t,e,r){var n,o,i,a,u=D({},t.props);for(i in t.type&&t.type.defaultProps&&(a=t.type.defaultProps),e)i=="key"?n=e[i]:i=="ref"?o=e[i]:u[i]=e[i]===void 0&&a!=null?a[i]:e[i];return arguments.length>2&&(u.children=arguments.length>3?ie.call(arguments,2):r),V(t.type,u,n||t.key,o||t.ref,null)}function At(t){function e(r){var n,o;return this.getChildContext||(n=new Set,(o={})[e.__c]=this,this.getChildContext=function(){return o},this.componentWillUnmount=function(){n=null},this.shouldComponentUpdate=function(i){this.props.value!=i.value&&n.forEach(function(a){a.__e=!0,Me(a)})},this.sub=function(i){n.add(i);var a=i.componentWillUnmount;i.componentWillUnmount=function(){n&&n.delete(i),a&&a.call(i)}}),r.children}return e.__c="__cC"+yt++,e.__=t,e.Provider=e.__l=(e.Consumer=function(r,n){return r.children(n)}).contextType=e,e}ie=ye.slice,p={__e:function(t,e,r,n){for(var o,i,a;e=e.__;)if((o=e.__c)&&!o.__)try{if((i=o.constructor)&&i.getDerivedStateFromError!=null&&(o.setState(i.getDerivedStateFromError(t)),a=o.__d),o.componentDidCatch!=null&&(o.componentDidCatch(t,n||{}),a=o.__d),a)return o.__E=o}catch(u){t=u}throw t}},ht=0,pt=function(t){return t!=null&&t.constructor===void 0},ee.prototype.setState=function(t,e){var r;r=this.__s!=null&&this.__s!=this.state?this.__s:this.__s=D({},this.state),typeof t=="function"&&(t=t(D({},r),this.props)),t&&D(r,t),t!=null&&this.__v&&(e&&this._sb.push(e),Me(this))},ee.prototype.forceUpdate=function(t){this.__v&&(this.__e=!0,t&&this.__h.push(t),Me(this))},ee.prototype.render=G,H=[],gt=typeof Promise=="function"?Promise.prototype.then.bind(Promise.resolve()):setTimeout,vt=function(t,e){return t.__v.__b-e.__v.__b},Te.__r=0,De=Math.random().toString(8),pe="__d"+De,Y="__a"+De,mt=/(PointerCapture)$|Capture$/i,We=0,Ne=Ve(!1),Le=Ve(!0),yt=0;var W,T,Ce,tt,$e=0,Ut=[],S=p,rt=S.__b,nt=S.__r,it=S.diffed,ot=S.__c,st=S.unmount,at=S.__;function se(t,e){S.__h&&S.__h(T,t,$e||e),$e=0;var r=T.__H||(T.__H={__:[],__h:[]});return t>=r.__.length&&r.__.push({}),r.__[t]}function O(t){return $e=1,Qe(Pt,t)}function Qe(t,e,r){var n=se(W++,2);if(n.t=t,!n.__c&&(n.__=[Pt(void 0,e),function(u){var d=n.__N?n.__N[0]:n.__[0],c=n.t(d,u);d!==c&&(n.__N=[c,n.__[1]],n.__c.setState({}))}],n.__c=T,!T.__f)){var o=function(u,d,c){if(!n.__c.__H)return!0;var f=!1,h=n.__c.props!==u;if(n.__c.__H.__.some(function(_){if(_.__N){f=!0;var v=_.__[0];_.__=_.__N,_.__N=void 0,v!==_.__[0]&&(h=!0)}}),i){var s=i.call(this,u,d,c);return f?s||h:s}return!f||h};T.__f=!0;var i=T.shouldComponentUpdate,a=T.componentWillUpdate;T.componentWillUpdate=function(u,d,c){if(this.__e){var f=i;i=void 0,o(u,d,c),i=f}a&&a.call(this,u,d,c)},T.shouldComponentUpdate=o}return n.__N||n.__}function be(t,e){var r=se(W++,3);!S.__s&&Ke(r.__H,e)&&(r.__=t,r.u=e,T.__H.__h.push(r))}function It(t,e){var r=se(W++,4);!S.__s&&Ke(r.__H,e)&&(r.__=t,r.u=e,T.__h.push(r))}function P(t){return $e=5,J(function(){return{current:t}},[])}function J(t,e){var r=se(W++,7);return Ke(r.__H,e)&&(r.__=t(),r.__H=e,r.__h=t),r.__}function Je(t){var e=T.context[t.__c],r=se(W++,9);return r.c=t,e?(r.__==null&&(r.__=!0,e.sub(T)),e.props.value):t.__}function Vt(){for(var t;t=Ut.shift();){var e=t.__H;if(t.__P&&e)try{e.__h.some(ge),e.__h.some(He),e.__h=[]}catch(r){e.__h=[],S.__e(r,t.__v)}}}S.__b=function(t){T=null,rt&&rt(t)},S.__=function(t,e){t&&e.__k&&e.__k.__m&&(t.__m=e.__k.__m),at&&at(t,e)},S.__r=function(t){nt&&nt(t),W=0;var e=(T=t.__c).__H;e&&(Ce===T?(e.__h=[],T.__h=[],e.__.some(function(r){r.__N&&(r.__=r.__N),r.u=r.__N=void 0})):(e.__h.some(ge),e.__h.some(He),e.__h=[],W=0)),Ce=T},S.diffed=function(t){it&&it(t);var e=t.__c;e&&e.__H&&(e.__H.__h.length&&(Ut.push(e)!==1&&tt===S.requestAnimationFrame||((tt=S.requestAnimationFrame)||er)(Vt)),e.__H.__.some(function(r){r.u&&(r.__H=r.u,r.u=void 0)})),Ce=T=null},S.__c=function(t,e){e.some(function(r){try{r.__h.some(ge),r.__h=r.__h.filter(function(n){return!n.__||He(n)})}catch(n){e.some(function(o){o.__h&&(o.__h=[])}),e=[],S.__e(n,r.__v)}}),ot&&ot(t,e)},S.unmount=function(t){st&&st(t);var e,r=t.__c;r&&r.__H&&(r.__H.__.some(function(n){try{ge(n)}catch(o){e=o}}),r.__H=void 0,e&&S.__e(e,r.__v))};var ct=typeof requestAnimationFrame=="function";function er(t){var e,r=function(){clearTimeout(n),ct&&cancelAnimationFrame(e),setTimeout(t)},n=setTimeout(r,35);ct&&(e=requestAnimationFrame(r))}function ge(t){var e=T,r=t.__c;typeof r=="function"&&(t.__c=void 0,r()),T=e}function He(t){var e=T;t.__c=t.__(),T=e}function Ke(t,e){return!t||t.length!==e.length||e.some(function(r,n){return r!==t[n]})}function Pt(t,e){return typeof e=="function"?e(t):e}let Q,X;function tr(t){return!X||(typeof X=="string"?t.startsWith(X):X.test(t))}function rr(t,e){let r="";if(Q=void 0,e&&e.type==="click"){if(e.ctrlKey||e.metaKey||e.altKey||e.shiftKey||e.button!==0)return t;const n=e.composedPath().find(i=>i.nodeName=="A"&&i.href),o=n&&n.getAttribute("href");if(!n||n.origin!=location.origin||/^#/.test(o)||!/^(_?self)?$/i.test(n.target)||!tr(o)||n.download)return t;Q=!0,e.preventDefault(),r=n.href.replace(location.origin,"")}else e&&e.url?(Q=!e.replace,r=e.url):r=location.pathname+location.search;return Q===!0?history.pushState(null,"",r):Q===!1&&history.replaceState(null,"",r),r}const nr=(t,e,r={})=>{t=t.split("/").filter(Boolean),e=(e||"").split("/").filter(Boolean),r.params||(r.params={});for(let n=0,o,i;n<Math.max(t.length,e.length);n++){let[,a,u,d]=(e[n]||"").match(/^(:?)(.*?)([+*?]?)$/);if(o=t[n],!(!a&&u==o)){if(!a&&o&&d=="*"){r.rest="/"+t.slice(n).join("/");break}if(!a||!o&&d!="?"&&d!="*")return;if(i=d=="+"||d=="*",i?o=t.slice(n).map(decodeURIComponent).join("/")||void 0:o&&(o=decodeURIComponent(o)),r.params[u]=o,u in r||(r[u]=o),i)break}}return r};function ae(t){const[e,r]=Qe(rr,t.url||location.pathname+location.search);t.scope&&(X=t.scope);const n=Q===!0,o=J(()=>{const i=new URL(e,location.origin),a=i.pathname.replace(/\/+$/g,"")||"/";return{url:e,path:a,query:Object.fromEntries(i.searchParams),route:(u,d)=>r({url:u,replace:d}),back:()=>{history.back()},forward:()=>{history.forward()},wasPush:n}},[e]);return It(()=>(addEventListener("click",r),addEventListener("popstate",r),()=>{removeEventListener("click",r),removeEventListener("popstate",r)}),[]),R(ae.ctx.Provider,{value:o},t.children)}const ir=Promise.resolve();function Dt(t){const[e,r]=Qe(E=>E+1,0),{url:n,query:o,wasPush:i,path:a}=Fe();if(!n)throw new Error("preact-iso's <Router> must be used within a <LocationProvider>, see: https://github.com/preactjs/preact-iso#locationprovider");const{rest:u=a,params:d={}}=Je(Oe),c=P(!1),f=P(a),h=P(1),s=P(),_=P(),v=P(),k=P(!1),m=P();m.current=!1;let w,g,F;St(t.children).some(E=>{if(nr(u,E.props.path,F={...E.props,path:u,query:o,params:Object.assign({},d),rest:""}))return w=et(E,F);E.props.default&&(g=et(E,F))});let I=w||g;const C=s.current&&s.current.__u&de&&s.current.__u&_e,q=s.current&&s.current.__h,ue=J(()=>{_.current=s.current,s.current=R(Oe.Provider,{value:F},I);const E=_.current&&_.current.props.children;return!E||!I||I.type!==E.type||I.props.component!==E.props.component?(h.current++,!0):!1},[n,JSON.stringify(F)]);C?(s.current.__u|=de,s.current.__u|=_e):q&&(s.current.__h=!0);const B=_.current;return _.current=null,this.__c=(E,A)=>{m.current=!0,_.current=B,t.onLoadStart&&t.onLoadStart(n),c.current=!0;let M=h.current;E.then(()=>{M===h.current&&(_.current=null,s.current&&(A.__h&&(s.current.__h=A.__h),A.__u&_e&&(s.current.__u|=_e),A.__u&de&&(s.current.__u|=de)),ir.then(r))})},It(()=>{const E=this.__v&&this.__v.__e;if(m.current){!k.current&&!v.current&&(v.current=E);return}!k.current&&v.current&&(v.current!==E&&v.current.remove(),v.current=null),k.current=!0,f.current!==a&&(i&&scrollTo(0,0),t.onRouteChange&&t.onRouteChange(n),f.current=a),t.onLoadEnd&&c.current&&t.onLoadEnd(n),c.current=!1},[a,i,e]),ue?[R(xe,{r:s,key:h.current}),R(xe,{r:_,key:h.current-1})]:R(xe,{r:s,key:h.current})}const de=32,_e=128,xe=({r:t})=>t.current;Dt.Provider=ae;ae.ctx=At({});const Oe=At({}),x=t=>R(t.component,t),Fe=()=>Je(ae.ctx),$n=()=>Je(Oe),ut=p.__b;p.__b=t=>{t.type&&t.type._forwarded&&t.ref&&(t.props.ref=t.ref,t.ref=null),ut&&ut(t)};function Ae(t){let e,r;const n=()=>t().then(i=>r=i&&i.default||i),o=i=>{const[,a]=O(0),u=P(r);if(e||(e=n()),r!==void 0)return R(r,i);throw u.current||(u.current=e.then(()=>a(1))),e};return o.preload=()=>(e||(e=n()),e),o._forwarded=!0,o}const lt=p.__e;p.__e=(t,e,r)=>{if(t&&t.then){let n=e;for(;n=n.__;)if(n.__c&&n.__c.__c)return e.__e==null&&(e.__c.__z=[r.__e],e.__e=r.__e,e.__k=r.__k),e.__k||(e.__k=[]),n.__c.__c(t,e)}lt&&lt(t,e,r)};function or(t){return this.__c=sr,this.componentDidCatch=t.onError,t.children}function sr(t){t.then(()=>this.forceUpdate())}var ar=Symbol.for("preact-signals");function Ue(){if(N>1)N--;else{var t,e=!1;for((function(){var o=Se;for(Se=void 0;o!==void 0;){var i=o.S;if(i.v===o.v)for(var a=i.t;a!==void 0;a=a.x)a.i===o.i&&(a.i=i.i);o=o.o}})();re!==void 0;){var r=re;for(re=void 0,we++;r!==void 0;){var n=r.u;if(r.u=void 0,r.f&=-3,!(8&r.f)&&xt(r))try{r.c()}catch(o){e||(t=o,e=!0)}r=n}}if(we=0,N--,e)throw t}}function cr(t){if(N>0)return t();qe=++ur,N++;try{return t()}finally{Ue()}}var te,y=void 0;function Ie(t){var e=y,r=te;y=void 0,te=void 0;try{return t()}finally{y=e,te=r}}var re=void 0,N=0,we=0,ur=0,qe=0,Se=void 0,Ee=0;function Ct(t){if(y!==void 0){var e=t.n;if(e===void 0||e.t!==y)return e={i:0,S:t,p:y.s,n:void 0,t:y,e:void 0,x:void 0,r:e},y.s!==void 0&&(y.s.n=e),y.s=e,t.n=e,32&y.f&&t.S(e),e;if(e.i===-1)return e.i=0,e.n!==void 0&&(e.n.p=e.p,e.p!==void 0&&(e.p.n=e.n),e.p=y.s,e.n=void 0,y.s.n=e,y.s=e),e}}function b(t,e){this.v=t,this.i=0,this.n=void 0,this.t=void 0,this.l=0,this.W=e?.watched,this.Z=e?.unwatched,this.name=e?.name}b.prototype.brand=ar;b.prototype.h=function(){return!0};b.prototype.S=function(t){var e=this,r=this.t;r!==t&&t.e===void 0&&(t.x=r,this.t=t,r!==void 0?r.e=t:Ie(function(){var n;(n=e.W)==null||n.call(e)}))};b.prototype.U=function(t){var e=this;if(this.t!==void 0){var r=t.e,n=t.x;r!==void 0&&(r.x=n,t.e=void 0),n!==void 0&&(n.e=r,t.x=void 0),t===this.t&&(this.t=n,n===void 0&&Ie(function(){var o;(o=e.Z)==null||o.call(e)}))}};b.prototype.subscribe=function(t){var e=this;return ce(function(){var r=e.value;Ie(function(){return t(r)})},{name:"sub"})};b.prototype.valueOf=function(){return this.value};b.prototype.toString=function(){return this.value+""};b.prototype.toJSON=function(){return this.value};b.prototype.peek=function(){var t=this;return Ie(function(){return t.value})};Object.defineProperty(b.prototype,"value",{get:function(){var t=Ct(this);return t!==void 0&&(t.i=this.i),this.v},set:function(t){if(t!==this.v){if(we>100)throw new Error("Cycle detected");(function(r){N!==0&&we===0&&r.l!==qe&&(r.l=qe,Se={S:r,v:r.v,i:r.i,o:Se})})(this),this.v=t,this.i++,Ee++,N++;try{for(var e=this.t;e!==void 0;e=e.x)e.t.N()}finally{Ue()}}}});function Pe(t,e){return new b(t,e)}function xt(t){for(var e=t.s;e!==void 0;e=e.n)if(e.S.i!==e.i||!e.S.h()||e.S.i!==e.i)return!0;return!1}function Rt(t){for(var e=t.s;e!==void 0;e=e.n){var r=e.S.n;if(r!==void 0&&(e.r=r),e.S.n=e,e.i=-1,e.n===void 0){t.s=e;break}}}function Nt(t){for(var e=t.s,r=void 0;e!==void 0;){var n=e.p;e.i===-1?(e.S.U(e),n!==void 0&&(n.n=e.n),e.n!==void 0&&(e.n.p=n)):r=e,e.S.n=e.r,e.r!==void 0&&(e.r=void 0),e=n}t.s=r}function z(t,e){b.call(this,void 0,e),this.x=t,this.s=void 0,this.g=Ee-1,this.f=4}z.prototype=new b;z.prototype.h=function(){if(this.f&=-3,1&this.f)return!1;if((36&this.f)==32||(this.f&=-5,this.g===Ee))return!0;if(this.g=Ee,this.f|=1,this.i>0&&!xt(this))return this.f&=-2,!0;var t=y;try{Rt(this),y=this;var e=this.x();(16&this.f||this.v!==e||this.i===0)&&(this.v=e,this.f&=-17,this.i++)}catch(r){this.v=r,this.f|=16,this.i++}return y=t,Nt(this),this.f&=-2,!0};z.prototype.S=function(t){if(this.t===void 0){this.f|=36;for(var e=this.s;e!==void 0;e=e.n)e.S.S(e)}b.prototype.S.call(this,t)};z.prototype.U=function(t){if(this.t!==void 0&&(b.prototype.U.call(this,t),this.t===void 0)){this.f&=-33;for(var e=this.s;e!==void 0;e=e.n)e.S.U(e)}};z.prototype.N=function(){if(!(2&this.f)){this.f|=6;for(var t=this.t;t!==void 0;t=t.x)t.t.N()}};Object.defineProperty(z.prototype,"value",{get:function(){if(1&this.f)throw new Error("Cycle detected");var t=Ct(this);if(this.h(),t!==void 0&&(t.i=this.i),16&this.f)throw this.v;return this.v}});function je(t,e){return new z(t,e)}function Lt(t){var e=t.j;if(t.j=void 0,typeof e=="function"){N++;var r=y;y=void 0;try{e()}catch(n){throw t.f&=-2,t.f|=8,Ze(t),n}finally{y=r,Ue()}}}function Ze(t){for(var e=t.s;e!==void 0;e=e.n)e.S.U(e);t.x=void 0,t.s=void 0,Lt(t)}function lr(t){if(y!==this)throw new Error("Out-of-order effect");Nt(this),y=t,this.f&=-2;try{8&this.f&&Ze(this)}finally{Ue()}}function K(t,e){this.x=t,this.j=void 0,this.s=void 0,this.u=void 0,this.f=32,this.name=e?.name,te&&te.push(this)}K.prototype.c=function(){var t=this.S();try{if(8&this.f||this.x===void 0)return;var e=this.x();typeof e=="function"&&(this.j=e)}finally{t()}};K.prototype.S=function(){if(1&this.f)throw new Error("Cycle detected");this.f|=1,this.f&=-9,Lt(this),Rt(this),N++;var t=y;return y=this,lr.bind(this,t)};K.prototype.N=function(){2&this.f||(this.f|=2,this.u=re,re=this)};K.prototype.d=function(){this.f|=8,1&this.f||Ze(this)};K.prototype.dispose=function(){this.d()};function ce(t,e){var r=new K(t,e);try{r.c()}catch(o){throw r.d(),o}var n=r.d.bind(r);return n[Symbol.dispose]=n,n}var Mt,fe,dr=typeof window<"u"&&!!window.__PREACT_SIGNALS_DEVTOOLS__,Ht=[];ce(function(){Mt=this.N})();function Z(t,e){p[t]=e.bind(null,p[t]||function(){})}function ne(t){if(fe){var e=fe;fe=void 0,e()}fe=t&&t.S()}function Ot(t){var e=this,r=t.data,n=fr(r);n.name="ReactiveDom",n.value=r;var o=J(function(){for(var u=e,d=e.__v;d=d.__;)if(d.__c){d.__c.__$f|=4;break}var c=je(function(){var _=n.value.value;return _===0?0:_===!0?"":_||""}),f=je(function(){return!Array.isArray(c.value)&&!pt(c.value)}),h=ce(function(){if(this.N=qt,f.value){var _=c.value;u.__v&&u.__v.__e&&u.__v.__e.nodeType===3&&(u.__v.__e.data=_)}}),s=e.__$u.d;return e.__$u.d=function(){h(),s.call(this)},[f,c]},[]),i=o[0],a=o[1];return i.value?a.peek():a.value}Ot.displayName="ReactiveTextNode";Object.defineProperties(b.prototype,{constructor:{configurable:!0,value:R(G,null).constructor},type:{configurable:!0,value:Ot},props:{configurable:!0,get:function(){var t=this;return{data:{get value(){return t.value}}}}},__b:{configurable:!0,value:1}});Z("__b",function(t,e){if(ne(),typeof e.type=="string"){var r,n=e.props;for(var o in n)if(o!=="children"){var i=n[o];i instanceof b&&(r||(e.__np=r={}),r[o]=i,n[o]=i.peek())}}t(e)});Z("__r",function(t,e){if(t(e),e.type!==G){ne();var r,n=e.__c;n&&(n.__$f&=-2,(r=n.__$u)===void 0&&(n.__$u=r=(function(o,i){var a;return ce(function(){a=this},{name:i}),a.c=o,a})((function(o){return function(){var i;dr&&((i=this.y)==null||i.call(this)),o.__$f|=1,o.setState({})}})(n),typeof e.type=="function"?e.type.displayName||e.type.name:""))),ne(r)}});Z("__e",function(t,e,r,n){ne(),t(e,r,n)});Z("diffed",function(t,e){ne();var r;if(typeof e.type=="string"&&(r=e.__e)){var n=e.__np,o=e.props,i=r.U;if(i)for(var a in i){var u=i[a];u===void 0||n&&a in n||(u.d(),i[a]=void 0)}if(n){i||(i={},r.U=i);for(var d in n){var c=i[d],f=n[d];c===void 0?(c=_r(r,d,f,o),i[d]=c):c.o(f,o)}}}t(e)});function _r(t,e,r,n){var o=e in t&&t.ownerSVGElement===void 0,i=Pe(r);return{o:function(a,u){i.value=a,n=u},d:ce(function(){this.N=qt;var a=i.value.value;n[e]!==a&&(n[e]=a,o?t[e]=a:a!=null&&(a!==!1||e[4]==="-")?t.setAttribute(e,a):t.removeAttribute(e))})}}Z("unmount",function(t,e){if(typeof e.type=="string"){var r=e.__e;if(r){var n=r.U;if(n){r.U=void 0;for(var o in n){var i=n[o];i&&i.d()}}}var a=e.__np;if(a){var u=e.props;for(var d in a)u[d]=a[d]}e.__np=void 0}else{var c=e.__c;if(c){c.__$f|=8;var f=c.__$u;f&&(c.__$u=void 0,f.d())}}t(e)});Z("__h",function(t,e,r,n){n<3&&(e.__$f|=2),t(e,r,n)});ee.prototype.shouldComponentUpdate=function(t,e){if(this.__R)return!0;var r=this.__$u,n=r&&r.s!==void 0;for(var o in e)return!0;if(this.__f||typeof this.u=="boolean"&&this.u===!0){var i=2&this.__$f;if(!(n||i||4&this.__$f)||1&this.__$f)return!0}else if(!(n||4&this.__$f)||3&this.__$f)return!0;for(var a in t)if(a!=="__source"&&t[a]!==this.props[a])return!0;for(var u in this.props)if(!(u in t))return!0;return!1};function fr(t,e){return J(function(){return Pe(t,e)},[])}var hr=function(t){queueMicrotask(function(){queueMicrotask(t)})};function pr(){cr(function(){for(var t;t=Ht.shift();)Mt.call(t)})}function qt(){Ht.push(this)===1&&(p.requestAnimationFrame||hr)(pr)}const L=Pe(null),ve=Pe(!1),jt=je(()=>L.value?.scopes.includes("write")??!1);function Wt(){const t=L.value?.csrfToken;if(t)return t;const e=document.cookie.match(/(?:^|;\s*)etp_csrf=([^;]+)/);return e?decodeURIComponent(e[1]):""}async function Gt(){try{const t=await fetch("/session",{credentials:"same-origin",headers:{Accept:"application/json"}});L.value=t.ok?await t.json():null}catch{L.value=null}return ve.value=!0,L.value}async function gr(t){try{const e=await t.json();return e.detail||e.title||`Sign-in failed (${t.status})`}catch{return`Sign-in failed (${t.status})`}}async function vr(t){const e=await fetch("/session",{method:"POST",credentials:"same-origin",headers:{"Content-Type":"application/json",Accept:"application/json"},body:JSON.stringify({apiKey:t})});return e.ok?await Gt()?null:"Signed in, but the session could not be read back.":gr(e)}async function mr(){try{await fetch("/session",{method:"DELETE",credentials:"same-origin",headers:{"X-CSRF-Token":Wt()}})}finally{L.value=null}}var yr=0;function l(t,e,r,n,o,i){e||(e={});var a,u,d=e;if("ref"in d)for(u in d={},e)u=="ref"?a=e[u]:d[u]=e[u];var c={type:t,props:d,key:r,ref:a,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:--yr,__i:-1,__u:0,__source:o,__self:i};if(typeof t=="function"&&(a=t.defaultProps))for(u in a)d[u]===void 0&&(d[u]=a[u]);return p.vnode&&p.vnode(c),c}const Tr=[{href:"/triggers",label:"Triggers"},{href:"/events",label:"Events"},{href:"/try",label:"Try a definition"}];function $r({children:t}){const{path:e,route:r}=Fe(),n=L.value;return l(G,{children:[l("a",{class:"skip",href:"#main",children:"Skip to content"}),l("header",{class:"top",children:[l("span",{class:"brand",children:"Event triggers"}),l("nav",{"aria-label":"Main",children:l("ul",{children:Tr.map(o=>{const i=e===o.href||o.href!=="/"&&e.startsWith(o.href+"/");return l("li",{children:l("a",{href:o.href,"aria-current":i?"page":void 0,children:o.label})},o.href)})})}),l("div",{class:"who",children:[l("span",{class:"key-name",children:n?.keyName}),!jt.value&&l("span",{class:"badge",children:"read-only"}),l("a",{href:"/graphql",target:"_top",class:"graphiql-link",children:"GraphiQL"}),l("button",{type:"button",class:"secondary",onClick:async()=>{await mr(),r("/signin",!0)},children:"Sign out"})]})]}),l("main",{id:"main",tabIndex:-1,children:t})]})}function wr(){const{route:t}=Fe(),[e,r]=O(null),[n,o]=O(!1),i=P(null);be(()=>{document.title="Sign in · Event triggers",i.current?.focus()},[]);const a=async u=>{u.preventDefault();const d=i.current,c=d.value.trim();if(!c){r("Enter an API key.");return}o(!0),r(null);try{const f=await vr(c);d.value="",f?r(f):t("/triggers",!0)}catch{r("The server cannot be reached.")}finally{o(!1)}};return l("section",{class:"signin","aria-labelledby":"signin-h",children:[l("h1",{id:"signin-h",children:"Sign in"}),l("p",{children:"Sign in with an API key. It is exchanged for a session cookie and not stored by this page."}),l("form",{onSubmit:a,method:"post",action:"/session",children:[l("label",{for:"api-key",children:"API key"}),l("input",{id:"api-key",name:"apiKey",type:"password",autoComplete:"off",spellcheck:!1,ref:i}),l("button",{type:"submit",disabled:n,children:"Sign in"}),l("div",{role:"alert",class:"error",children:e})]})]})}class $ extends String{__apiType;value;__meta__;constructor(e,r){super(e),this.value=e,this.__meta__=r}toString(){return this.value}}new $(`
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
    `,{fragmentName:"TriggerFields"});new $(`
    fragment UserErrorFields on UserError {
  code
  field
  message
}
    `,{fragmentName:"UserErrorFields"});new $(`
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
}`,{fragmentName:"TriggerResult"});new $(`
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
    `,{fragmentName:"EventFields"});new $(`
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
}`,{fragmentName:"EventResult"});const Sr=new $(`
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
}`),Er=new $(`
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
}`),kr=new $(`
    query Counts {
  eventCounts {
    triggerId
    triggerName
    active
    archived
  }
}
    `),br=new $(`
    query Rate($triggerId: ID, $since: DateTime) {
  eventRate(triggerId: $triggerId, since: $since, bucketSeconds: 60) {
    start
    count
  }
}
    `),Fr=new $(`
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
}`),Ar=new $(`
    query Preview($schedule: ScheduleInput!) {
  previewSchedule(schedule: $schedule, count: 5)
  describeSchedule(schedule: $schedule)
}
    `),Ur=new $(`
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
}`),Ir=new $(`
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
}`),Pr=new $(`
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
}`),Dr=new $(`
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
}`),Cr=new $(`
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
}`),xr=new $(`
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
}`),Rr=new $(`
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
}`),Nr=new $(`
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
}`),Lr=new $(`
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
}`),Mr=new $(`
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
}`),Hr=new $(`
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
}`),wn=new $(`
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
}`);class he extends Error{constructor(e,r,n=[]){super(e),this.code=r,this.fieldErrors=n}code;fieldErrors}async function U(t,e){const r=t.toString();let n;try{n=await fetch("/graphql",{method:"POST",credentials:"same-origin",headers:{"Content-Type":"application/json",Accept:"application/graphql-response+json, application/json","X-CSRF-Token":Wt()},body:JSON.stringify({query:r,variables:e})})}catch{throw new he("The server cannot be reached.")}let o;try{o=await n.json()}catch{throw new he(`The server answered ${n.status}.`)}const i=o.errors?.[0];if(i){const a=i.extensions?.code;(a==="UNAUTHENTICATED"||n.status===401)&&(L.value=null);const u=(i.extensions?.errors??[]).map(d=>({code:a??"INVALID",field:d.field??null,message:d.message}));throw new he(i.message,a,u)}if(!o.data)throw new he(`The server answered ${n.status} without data.`);return o.data}const zt=t=>({items:t.edges,hasNextPage:t.pageInfo.hasNextPage,endCursor:t.pageInfo.endCursor}),Or=Sr;async function qr(t=null){const e=await U(Or,{after:t});return zt(e.triggers)}async function jr(){const t=[];let e=null;for(;;){const r=await qr(e);if(t.push(...r.items.map(n=>n.node)),!r.hasNextPage||!r.endCursor)return t;e=r.endCursor}}const Wr=Er;async function Sn(t){return(await U(Wr,{id:t})).trigger}const Gr=kr;async function zr(){return(await U(Gr,{})).eventCounts}async function Br(t){const e=new Map;for(let r=0;r<t.length;r+=25){const n=t.slice(r,r+25),o={},i=n.map((c,f)=>`$t${f}: ID!`).join(", "),a=n.map((c,f)=>(o[`t${f}`]=c,`e${f}: events(triggerId: $t${f}, includeTest: true, first: 1) { edges { node { firedAt } } }`)).join(`
`),u=new $(`query LastEvents(${i}) { ${a} }`),d=await U(u,o);n.forEach((c,f)=>{const h=d[`e${f}`]?.edges[0];h&&e.set(c,h.node.firedAt)})}return e}const Qr=br;async function En(t,e){return(await U(Qr,{triggerId:t,since:e})).eventRate}const Jr=Fr;async function kn(t,e,r){const n=await U(Jr,{status:t.status,triggerId:t.triggerId||null,source:t.source||null,includeTest:!!t.includeTest,since:t.since||null,until:t.until||null,payloadContains:t.payloadContains??null,first:e,after:r});return zt(n.events)}const Kr=Ar;async function bn(t){const e=await U(Kr,{schedule:t});return{times:e.previewSchedule,description:e.describeSchedule}}const Zr=Ur;async function Fn(t){return(await U(Zr,{input:t})).r}const Xr=Ir;async function An(t){return(await U(Xr,{input:t})).r}const Yr=Pr;async function Un(t,e){return(await U(Yr,{id:t,input:e})).r}const Vr=Dr,en=Cr,tn=xr,rn={pauseTrigger:Vr,resumeTrigger:en,rotateHookToken:tn};async function In(t,e){return(await U(rn[t],{id:e})).r}const nn=Rr;async function Pn(t){return(await U(nn,{id:t})).r}const on=Nr,sn=Lr;async function Dn(t,e,r){return(await U(e?sn:on,{id:t})).r}const an=Mr;async function Cn(t,e){return(await U(an,{input:t,fireAt:e})).r}function xn(t){const e=new URLSearchParams;return e.set("status",t.status),t.triggerId&&e.set("triggerId",t.triggerId),t.source&&e.set("source",t.source),e.set("includeTest",t.includeTest?"true":"false"),t.since&&e.set("since",t.since),t.until&&e.set("until",t.until),t.payloadContains!==void 0&&t.payloadContains!==null&&e.set("payloadContains",JSON.stringify(t.payloadContains)),`/events/export.ndjson?${e.toString()}`}const cn=Hr;async function Rn(t){return(await U(cn,{id:t})).event}const un=new Intl.DateTimeFormat(void 0,{year:"numeric",month:"short",day:"2-digit",hour:"2-digit",minute:"2-digit",second:"2-digit",timeZoneName:"short"}),ln=new Intl.DateTimeFormat("en-GB",{year:"numeric",month:"short",day:"2-digit",hour:"2-digit",minute:"2-digit",second:"2-digit",timeZone:"UTC",timeZoneName:"short"}),Nn=Intl.DateTimeFormat().resolvedOptions().timeZone;function dn(t){return t?un.format(new Date(t)):"—"}function dt(t){return t?ln.format(new Date(t)):"—"}function Ln(t){if(!t)return null;const e=new Date(t);return Number.isNaN(e.getTime())?null:e.toISOString()}function Mn(t){if(!t)return"";const e=new Date(t);if(Number.isNaN(e.getTime()))return"";const r=n=>String(n).padStart(2,"0");return`${e.getFullYear()}-${r(e.getMonth()+1)}-${r(e.getDate())}T${r(e.getHours())}:${r(e.getMinutes())}:${r(e.getSeconds())}`}function _t({iso:t,inline:e=!1}){return t?l("time",{dateTime:t,title:dt(t),class:e?"time inline":"time",children:[l("span",{class:"local",children:dn(t)}),l("span",{class:"utc",children:dt(t)})]}):l("span",{children:"—"})}function _n({errors:t}){return l("div",{role:"alert",class:t.length?"alert":"alert empty",children:t.length>0&&l("ul",{children:t.map((e,r)=>l("li",{children:typeof e=="string"?e:e.message},r))})})}function fn(t){return t instanceof Error?t.message:String(t)}function Re(){const[t,e]=O(null),[r,n]=O(new Map),[o,i]=O(new Map),[a,u]=O(null),[d,c]=O(()=>new URLSearchParams(location.search).get("q")??"");be(()=>{document.title="Triggers · Event triggers";let s=!0;return(async()=>{try{const _=await jr();if(!s)return;e(_);const[v,k]=await Promise.all([zr(),Br(_.map(m=>m.id))]);if(!s)return;n(new Map(v.map(m=>[m.triggerId,m]))),i(k)}catch(_){s&&u(fn(_))}})(),()=>{s=!1}},[]);const f=J(()=>{const s=d.trim().toLowerCase();return(t??[]).filter(_=>!s||_.name.toLowerCase().includes(s))},[t,d]),h=s=>{c(s);const _=new URL(location.href);s?_.searchParams.set("q",s):_.searchParams.delete("q"),history.replaceState(history.state,"",_.pathname+_.search)};return l("section",{"aria-labelledby":"triggers-h",children:[l("div",{class:"page-head",children:[l("h1",{id:"triggers-h",children:"Triggers"}),jt.value&&l("a",{class:"button",href:"/triggers/new",children:"New trigger"})]}),l("div",{class:"toolbar",role:"search",children:[l("label",{for:"trigger-search",class:"visually-hidden",children:"Search triggers"}),l("input",{id:"trigger-search",type:"search",placeholder:"Search by name",value:d,onInput:s=>h(s.currentTarget.value)})]}),l(_n,{errors:a?[a]:[]}),t===null&&!a&&l("p",{role:"status",children:"Loading triggers…"}),t!==null&&l("div",{class:"table-wrap",children:[l("table",{"aria-label":"Triggers",children:[l("thead",{children:l("tr",{children:[l("th",{scope:"col",children:"Name"}),l("th",{scope:"col",children:"Kind"}),l("th",{scope:"col",children:"Schedule"}),l("th",{scope:"col",children:"Next fire"}),l("th",{scope:"col",children:"Paused"}),l("th",{scope:"col",children:"Missed"}),l("th",{scope:"col",children:"Last event"}),l("th",{scope:"col",children:"Active"}),l("th",{scope:"col",children:"Archived"})]})}),l("tbody",{children:f.map(s=>{const _=r.get(s.id);return l("tr",{"data-trigger-id":s.id,children:[l("td",{children:l("a",{href:`/triggers/${s.id}`,children:s.name})}),l("td",{children:s.kind==="API"?"API":"Scheduled"}),l("td",{children:s.schedule?s.schedule.description:"Webhook"}),l("td",{children:l(_t,{iso:s.nextFireAt})}),l("td",{children:s.paused?l("span",{class:"badge warn",children:"Paused"}):"No"}),l("td",{class:"num",children:s.missedFirings}),l("td",{children:l(_t,{iso:o.get(s.id)})}),l("td",{class:"num",children:_?.active??0}),l("td",{class:"num",children:_?.archived??0})]},s.id)})})]}),f.length===0&&l("p",{children:t.length?"No trigger matches the search.":"No triggers yet."})]})]})}const hn=Ae(()=>ke(()=>import("./TriggerDetail-CCeW-qdn.js"),__vite__mapDeps([0,1,2,3])).then(t=>t.TriggerDetail)),ft=Ae(()=>ke(()=>import("./TriggerForm-C6PfJ1Wk.js"),__vite__mapDeps([4,5,1])).then(t=>t.TriggerFormPage)),pn=Ae(()=>ke(()=>import("./Try-BmAgURq-.js"),__vite__mapDeps([6,5,1])).then(t=>t.TryPage)),gn=Ae(()=>ke(()=>import("./Events-CPF8QACf.js"),__vite__mapDeps([7,2,3,5,1])).then(t=>t.EventsPage));function vn(){return l("section",{"aria-labelledby":"nf",children:[l("h1",{id:"nf",children:"Page not found"}),l("p",{children:l("a",{href:"/triggers",children:"Go to the triggers"})})]})}function mn(){const{path:t,route:e}=Fe(),r=L.value!==null,n=t==="/signin";return be(()=>{ve.value&&(!r&&!n?e("/signin",!0):r&&(n||t==="/")&&e("/triggers",!0))},[r,n,t,ve.value]),ve.value?r?l($r,{children:l(or,{children:l(Dt,{children:[l(x,{path:"/triggers",component:Re}),l(x,{path:"/triggers/new",component:ft}),l(x,{path:"/triggers/:id/edit",component:ft}),l(x,{path:"/triggers/:id",component:hn}),l(x,{path:"/try",component:pn}),l(x,{path:"/events",component:gn}),l(x,{path:"/signin",component:Re}),l(x,{path:"/",component:Re}),l(x,{default:!0,component:vn})]})})}):l("main",{id:"main",children:l(wr,{})}):l("main",{id:"main",children:l("p",{role:"status",children:"Loading…"})})}function yn(){return be(()=>{Gt()},[]),l(ae,{children:l(mn,{})})}Yt(l(yn,{}),document.getElementById("app"));export{P as A,Gt as B,kn as C,Rn as D,ee as E,bn as F,he as G,wn as L,G as S,J as T,fn as a,$n as b,Fe as c,O as d,En as e,zr as f,Sn as g,be as h,_n as i,jt as j,_t as k,dn as l,dt as m,Dn as n,Pn as o,Un as p,An as q,Fn as r,Ln as s,In as t,l as u,Nn as v,Cn as w,jr as x,xn as y,Mn as z};
