const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/TriggerDetail-DXTRtKar.js","assets/preload-helper-CVfkMyKi.js","assets/EventList-DXgnJ4lf.js","assets/client-wkOhMJXj.js","assets/EventInspector-vR9Axek6.js","assets/TriggerForm-G_0Sw_sy.js","assets/DefinitionFields-Cq-ZQu1C.js","assets/Try-ZFN2pfd-.js","assets/Events-CVKizHge.js","assets/EventPage-Cs596hUc.js"])))=>i.map(i=>d[i]);
import{_ as ie}from"./preload-helper-CVfkMyKi.js";var oe,p,pt,gt,O,Xe,vt,mt,De,ve,Y,yt,We,Ne,Le,Tt,Te={},$e=[],Jt=/acit|ex(?:s|g|n|p|$)|rph|grid|ows|mnc|ntw|ine[ch]|zoo|^ord|itera/i,se=Array.isArray;function C(e,t){for(var r in t)e[r]=t[r];return e}function Ge(e){e&&e.parentNode&&e.parentNode.removeChild(e)}function R(e,t,r){var n,o,i,a={};for(i in t)i=="key"?n=t[i]:i=="ref"?o=t[i]:a[i]=t[i];if(arguments.length>2&&(a.children=arguments.length>3?oe.call(arguments,2):r),typeof e=="function"&&e.defaultProps!=null)for(i in e.defaultProps)a[i]===void 0&&(a[i]=e.defaultProps[i]);return V(e,a,n,o,null)}function V(e,t,r,n,o){var i={type:e,props:t,key:r,ref:n,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:o??++pt,__i:-1,__u:0};return o==null&&p.vnode!=null&&p.vnode(i),i}function G(e){return e.children}function ee(e,t){this.props=e,this.context=t}function j(e,t){if(t==null)return e.__?j(e.__,e.__i+1):null;for(var r;t<e.__k.length;t++)if((r=e.__k[t])!=null&&r.__e!=null)return r.__e;return typeof e.type=="function"?j(e):null}function Kt(e){if(e.__P&&e.__d){var t=e.__v,r=t.__e,n=[],o=[],i=C({},t);i.__v=t.__v+1,p.vnode&&p.vnode(i),ze(e.__P,i,t,e.__n,e.__P.namespaceURI,32&t.__u?[r]:null,n,r??j(t),!!(32&t.__u),o),i.__v=t.__v,i.__.__k[i.__i]=i,bt(n,i,o),t.__e=t.__=null,i.__e!=r&&$t(i)}}function $t(e){if((e=e.__)!=null&&e.__c!=null)return e.__e=e.__c.base=null,e.__k.some(function(t){if(t!=null&&t.__e!=null)return e.__e=e.__c.base=t.__e}),$t(e)}function Me(e){(!e.__d&&(e.__d=!0)&&O.push(e)&&!we.__r++||Xe!=p.debounceRendering)&&((Xe=p.debounceRendering)||vt)(we)}function we(){try{for(var e,t=1;O.length;)O.length>t&&O.sort(mt),e=O.shift(),t=O.length,Kt(e)}finally{O.length=we.__r=0}}function wt(e,t,r,n,o,i,a,u,_,c,f){var h,s,d,v,k,m,w=n&&n.__k||$e,g=t.length;for(_=Zt(r,t,w,_,g),h=0;h<g;h++)(d=r.__k[h])!=null&&(s=d.__i!=-1&&w[d.__i]||Te,d.__i=h,m=ze(e,d,s,o,i,a,u,_,c,f),v=d.__e,d.ref&&s.ref!=d.ref&&(s.ref&&Be(s.ref,null,d),f.push(d.ref,d.__c||v,d)),k==null&&v!=null&&(k=v),4&d.__u?(_=St(d,_,e),s.__e&&(s.__e=null)):typeof d.type=="function"&&m!==void 0?_=m:v&&(_=v.nextSibling),d.__u&=-7);return r.__e=k,_}function Zt(e,t,r,n,o){var i,a,u,_,c,f=r.length,h=f,s=0;for(e.__k=new Array(o),i=0;i<o;i++)(a=t[i])!=null&&typeof a!="boolean"&&typeof a!="function"?(typeof a=="string"||typeof a=="number"||typeof a=="bigint"||a.constructor==String?a=e.__k[i]=V(null,a,null,null,null):se(a)?a=e.__k[i]=V(G,{children:a},null,null,null):a.constructor===void 0&&a.__b>0?a=e.__k[i]=V(a.type,a.props,a.key,a.ref?a.ref:null,a.__v):e.__k[i]=a,_=i+s,a.__=e,a.__b=e.__b+1,u=null,(c=a.__i=Xt(a,r,_,h))!=-1&&(h--,(u=r[c])&&(u.__u|=2)),u==null||u.__v==null?(c==-1&&(o>f?s--:o<f&&s++),typeof a.type!="function"&&(a.__u|=4)):c!=_&&(c==_-1?s--:c==_+1?s++:(c>_?s--:s++,a.__u|=4))):e.__k[i]=null;if(h)for(i=0;i<f;i++)(u=r[i])!=null&&(2&u.__u)==0&&(u.__e==n&&(n=j(u)),At(u,u));return n}function St(e,t,r){var n,o;if(typeof e.type=="function"){for(n=e.__k,o=0;n&&o<n.length;o++)n[o]&&(n[o].__=e,t=St(n[o],t,r));return t}e.__e!=t&&(t&&e.type&&!t.parentNode&&(t=j(e)),t=r.insertBefore(e.__e,t||null));do t=t&&t.nextSibling;while(t!=null&&t.nodeType==8);return t}function Et(e,t){return t=t||[],e==null||typeof e=="boolean"||(se(e)?e.some(function(r){Et(r,t)}):t.push(e)),t}function Xt(e,t,r,n){var o,i,a,u=e.key,_=e.type,c=t[r],f=c!=null&&(2&c.__u)==0;if(c===null&&u==null||f&&u==c.key&&_==c.type)return r;if(n>(f?1:0)){for(o=r-1,i=r+1;o>=0||i<t.length;)if((c=t[a=o>=0?o--:i++])!=null&&(2&c.__u)==0&&u==c.key&&_==c.type)return a}return-1}function Ye(e,t,r){t[0]=="-"?e.setProperty(t,r??""):e[t]=r==null?"":typeof r!="number"||Jt.test(t)?r:r+"px"}function _e(e,t,r,n,o){var i,a;e:if(t=="style")if(typeof r=="string")e.style.cssText=r;else{if(typeof n=="string"&&(e.style.cssText=n=""),n)for(t in n)r&&t in r||Ye(e.style,t,"");if(r)for(t in r)n&&r[t]==n[t]||Ye(e.style,t,r[t])}else if(t[0]=="o"&&t[1]=="n")i=t!=(t=t.replace(yt,"$1")),a=t.toLowerCase(),t=a in e||t=="onFocusOut"||t=="onFocusIn"?a.slice(2):t.slice(2),e.l||(e.l={}),e.l[t+i]=r,r?n?r[Y]=n[Y]:(r[Y]=We,e.addEventListener(t,i?Le:Ne,i)):e.removeEventListener(t,i?Le:Ne,i);else{if(o=="http://www.w3.org/2000/svg")t=t.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(t!="width"&&t!="height"&&t!="href"&&t!="list"&&t!="form"&&t!="tabIndex"&&t!="download"&&t!="rowSpan"&&t!="colSpan"&&t!="role"&&t!="popover"&&t in e)try{e[t]=r??"";break e}catch{}typeof r=="function"||(r==null||r===!1&&t[4]!="-"?e.removeAttribute(t):e.setAttribute(t,t=="popover"&&r==1?"":r))}}function Ve(e){return function(t){if(this.l){var r=this.l[t.type+e];if(t[ve]==null)t[ve]=We++;else if(t[ve]<r[Y])return;return r(p.event?p.event(t):t)}}}function ze(e,t,r,n,o,i,a,u,_,c){var f,h,s,d,v,k,m,w,g,F,I,x,q,de,B,E,A=t.type;if(t.constructor!==void 0)return null;128&r.__u&&(_=!!(32&r.__u),i=[u=t.__e=r.__e]),(f=p.__b)&&f(t);e:if(typeof A=="function"){h=a.length;try{if(g=t.props,F=A.prototype&&A.prototype.render,I=(f=A.contextType)&&n[f.__c],x=f?I?I.props.value:f.__:n,r.__c?w=(s=t.__c=r.__c).__=s.__E:(F?t.__c=s=new A(g,x):(t.__c=s=new ee(g,x),s.constructor=A,s.render=Vt),I&&I.sub(s),s.state||(s.state={}),s.__n=n,d=s.__d=!0,s.__h=[],s._sb=[]),F&&s.__s==null&&(s.__s=s.state),F&&A.getDerivedStateFromProps!=null&&(s.__s==s.state&&(s.__s=C({},s.__s)),C(s.__s,A.getDerivedStateFromProps(g,s.__s))),v=s.props,k=s.state,s.__v=t,d)F&&A.getDerivedStateFromProps==null&&s.componentWillMount!=null&&s.componentWillMount(),F&&s.componentDidMount!=null&&s.__h.push(s.componentDidMount);else{if(F&&A.getDerivedStateFromProps==null&&g!==v&&s.componentWillReceiveProps!=null&&s.componentWillReceiveProps(g,x),t.__v==r.__v||!s.__e&&s.shouldComponentUpdate!=null&&s.shouldComponentUpdate(g,s.__s,x)===!1){t.__v!=r.__v&&(s.props=g,s.state=s.__s,s.__d=!1),t.__e=r.__e,t.__k=r.__k,t.__k.some(function(M){M&&(M.__=t)}),$e.push.apply(s.__h,s._sb),s._sb=[],s.__h.length&&a.push(s),u=j(r);break e}s.componentWillUpdate!=null&&s.componentWillUpdate(g,s.__s,x),F&&s.componentDidUpdate!=null&&s.__h.push(function(){s.componentDidUpdate(v,k,m)})}if(s.context=x,s.props=g,s.__P=e,s.__e=!1,q=p.__r,de=0,F)s.state=s.__s,s.__d=!1,q&&q(t),f=s.render(s.props,s.state,s.context),$e.push.apply(s.__h,s._sb),s._sb=[];else do s.__d=!1,q&&q(t),f=s.render(s.props,s.state,s.context),s.state=s.__s;while(s.__d&&++de<25);s.state=s.__s,s.getChildContext!=null&&(n=C(C({},n),s.getChildContext())),F&&!d&&s.getSnapshotBeforeUpdate!=null&&(m=s.getSnapshotBeforeUpdate(v,k)),B=f!=null&&f.type===G&&f.key==null?Ft(f.props.children):f,u=wt(e,se(B)?B:[B],t,r,n,o,i,a,u,_,c),s.base=t.__e,t.__u&=-161,s.__h.length&&a.push(s),w&&(s.__E=s.__=null)}catch(M){if(a.length=h,t.__v=null,_||i!=null){if(M.then){for(t.__u|=_?160:128;u&&u.nodeType==8&&u.nextSibling;)u=u.nextSibling;i!=null&&(i[i.indexOf(u)]=null),t.__e=u}else if(i!=null)for(E=i.length;E--;)Ge(i[E])}else t.__e=r.__e;t.__k==null&&(t.__k=r.__k||[]),M.then||kt(t),p.__e(M,t,r)}}else i==null&&t.__v==r.__v?(t.__k=r.__k,t.__e=r.__e):u=t.__e=Yt(r.__e,t,r,n,o,i,a,_,c);return(f=p.diffed)&&f(t),128&t.__u?void 0:u}function kt(e){e&&(e.__c&&(e.__c.__e=!0),e.__k&&e.__k.some(kt))}function bt(e,t,r){for(var n=0;n<r.length;n++)Be(r[n],r[++n],r[++n]);p.__c&&p.__c(t,e),e.some(function(o){try{e=o.__h,o.__h=[],e.some(function(i){i.call(o)})}catch(i){p.__e(i,o.__v)}})}function Ft(e){return typeof e!="object"||e==null||e.__b>0?e:se(e)?e.map(Ft):e.constructor!==void 0?null:C({},e)}function Yt(e,t,r,n,o,i,a,u,_){var c,f,h,s,d,v,k,m=r.props||Te,w=t.props,g=t.type;if(g=="svg"?o="http://www.w3.org/2000/svg":g=="math"?o="http://www.w3.org/1998/Math/MathML":o||(o="http://www.w3.org/1999/xhtml"),i!=null){for(c=0;c<i.length;c++)if((d=i[c])&&"setAttribute"in d==!!g&&(g?d.localName==g:d.nodeType==3)){e=d,i[c]=null;break}}if(e==null){if(g==null)return document.createTextNode(w);e=document.createElementNS(o,g,w.is&&w),u&&(p.__m&&p.__m(t,i),u=!1),i=null}if(g==null)m===w||u&&e.data==w||(e.data=w);else{if(i=g=="textarea"&&w.defaultValue!=null?null:i&&oe.call(e.childNodes),!u&&i!=null)for(m={},c=0;c<e.attributes.length;c++)m[(d=e.attributes[c]).name]=d.value;for(c in m)d=m[c],c=="dangerouslySetInnerHTML"?h=d:c=="children"||c in w||c=="value"&&"defaultValue"in w||c=="checked"&&"defaultChecked"in w||_e(e,c,null,d,o);for(c in w)d=w[c],c=="children"?s=d:c=="dangerouslySetInnerHTML"?f=d:c=="value"?v=d:c=="checked"?k=d:u&&typeof d!="function"||m[c]===d||_e(e,c,d,m[c],o);if(f)u||h&&(f.__html==h.__html||f.__html==e.innerHTML)||(e.innerHTML=f.__html),t.__k=[];else if(h&&(e.innerHTML=""),wt(t.type=="template"?e.content:e,se(s)?s:[s],t,r,n,g=="foreignObject"?"http://www.w3.org/1999/xhtml":o,i,a,i?i[0]:r.__k&&j(r,0),u,_),i!=null)for(c=i.length;c--;)Ge(i[c]);u&&g!="textarea"||(c="value",g=="progress"&&v==null?e.removeAttribute("value"):v!=null&&(v!==e[c]||g=="progress"&&!v||g=="option"&&v!=m[c])&&_e(e,c,v,m[c],o),c="checked",k!=null&&k!=e[c]&&_e(e,c,k,m[c],o))}return e}function Be(e,t,r){try{if(typeof e=="function"){var n=typeof e.__u=="function";n&&e.__u(),n&&t==null||(e.__u=e(t))}else e.current=t}catch(o){p.__e(o,r)}}function At(e,t,r){var n,o;if(p.unmount&&p.unmount(e),(n=e.ref)&&(n.current&&n.current!=e.__e||Be(n,null,t)),(n=e.__c)!=null){if(n.componentWillUnmount)try{n.componentWillUnmount()}catch(i){p.__e(i,t)}n.base=n.__P=n.__n=null}if(n=e.__k)for(o=0;o<n.length;o++)n[o]&&At(n[o],t,r||typeof e.type!="function");r||Ge(e.__e),e.__c=e.__=e.__e=void 0}function Vt(e,t,r){return this.constructor(e,r)}function er(e,t,r){var n,o,i,a;t==document&&(t=document.documentElement),p.__&&p.__(e,t),o=(n=!1)?null:t.__k,i=[],a=[],ze(t,e=t.__k=R(G,null,[e]),o||Te,Te,t.namespaceURI,o?null:t.firstChild?oe.call(t.childNodes):null,i,o?o.__e:t.firstChild,n,a),bt(i,e,a),e.props.children=null}function et(e,t,r){var n,o,i,a,u=C({},e.props);for(i in e.type&&e.type.defaultProps&&(a=e.type.defaultProps),t)i=="key"?n=t[i]:i=="ref"?o=t[i]:u[i]=t[i]===void 0&&a!=null?a[i]:t[i];return arguments.length>2&&(u.children=arguments.length>3?oe.call(arguments,2):r),V(e.type,u,n||e.key,o||e.ref,null)}function Ut(e){function t(r){var n,o;return this.getChildContext||(n=new Set,(o={})[t.__c]=this,this.getChildContext=function(){return o},this.componentWillUnmount=function(){n=null},this.shouldComponentUpdate=function(i){this.props.value!=i.value&&n.forEach(function(a){a.__e=!0,Me(a)})},this.sub=function(i){n.add(i);var a=i.componentWillUnmount;i.componentWillUnmount=function(){n&&n.delete(i),a&&a.call(i)}}),r.children}return t.__c="__cC"+Tt++,t.__=e,t.Provider=t.__l=(t.Consumer=function(r,n){return r.children(n)}).contextType=t,t}oe=$e.slice,p={__e:function(e,t,r,n){for(var o,i,a;t=t.__;)if((o=t.__c)&&!o.__)try{if((i=o.constructor)&&i.getDerivedStateFromError!=null&&(o.setState(i.getDerivedStateFromError(e)),a=o.__d),o.componentDidCatch!=null&&(o.componentDidCatch(e,n||{}),a=o.__d),a)return o.__E=o}catch(u){e=u}throw e}},pt=0,gt=function(e){return e!=null&&e.constructor===void 0},ee.prototype.setState=function(e,t){var r;r=this.__s!=null&&this.__s!=this.state?this.__s:this.__s=C({},this.state),typeof e=="function"&&(e=e(C({},r),this.props)),e&&C(r,e),e!=null&&this.__v&&(t&&this._sb.push(t),Me(this))},ee.prototype.forceUpdate=function(e){this.__v&&(this.__e=!0,e&&this.__h.push(e),Me(this))},ee.prototype.render=G,O=[],vt=typeof Promise=="function"?Promise.prototype.then.bind(Promise.resolve()):setTimeout,mt=function(e,t){return e.__v.__b-t.__v.__b},we.__r=0,De=Math.random().toString(8),ve="__d"+De,Y="__a"+De,yt=/(PointerCapture)$|Capture$/i,We=0,Ne=Ve(!1),Le=Ve(!0),Tt=0;var W,T,Ce,tt,Se=0,It=[],S=p,rt=S.__b,nt=S.__r,it=S.diffed,ot=S.__c,st=S.unmount,at=S.__;function ae(e,t){S.__h&&S.__h(T,e,Se||t),Se=0;var r=T.__H||(T.__H={__:[],__h:[]});return e>=r.__.length&&r.__.push({}),r.__[e]}function H(e){return Se=1,Qe(Dt,e)}function Qe(e,t,r){var n=ae(W++,2);if(n.t=e,!n.__c&&(n.__=[Dt(void 0,t),function(u){var _=n.__N?n.__N[0]:n.__[0],c=n.t(_,u);_!==c&&(n.__N=[c,n.__[1]],n.__c.setState({}))}],n.__c=T,!T.__f)){var o=function(u,_,c){if(!n.__c.__H)return!0;var f=!1,h=n.__c.props!==u;if(n.__c.__H.__.some(function(d){if(d.__N){f=!0;var v=d.__[0];d.__=d.__N,d.__N=void 0,v!==d.__[0]&&(h=!0)}}),i){var s=i.call(this,u,_,c);return f?s||h:s}return!f||h};T.__f=!0;var i=T.shouldComponentUpdate,a=T.componentWillUpdate;T.componentWillUpdate=function(u,_,c){if(this.__e){var f=i;i=void 0,o(u,_,c),i=f}a&&a.call(this,u,_,c)},T.shouldComponentUpdate=o}return n.__N||n.__}function Fe(e,t){var r=ae(W++,3);!S.__s&&Ke(r.__H,t)&&(r.__=e,r.u=t,T.__H.__h.push(r))}function Pt(e,t){var r=ae(W++,4);!S.__s&&Ke(r.__H,t)&&(r.__=e,r.u=t,T.__h.push(r))}function D(e){return Se=5,J(function(){return{current:e}},[])}function J(e,t){var r=ae(W++,7);return Ke(r.__H,t)&&(r.__=e(),r.__H=t,r.__h=e),r.__}function Je(e){var t=T.context[e.__c],r=ae(W++,9);return r.c=e,t?(r.__==null&&(r.__=!0,t.sub(T)),t.props.value):e.__}function tr(){for(var e;e=It.shift();){var t=e.__H;if(e.__P&&t)try{t.__h.some(me),t.__h.some(Oe),t.__h=[]}catch(r){t.__h=[],S.__e(r,e.__v)}}}S.__b=function(e){T=null,rt&&rt(e)},S.__=function(e,t){e&&t.__k&&t.__k.__m&&(e.__m=t.__k.__m),at&&at(e,t)},S.__r=function(e){nt&&nt(e),W=0;var t=(T=e.__c).__H;t&&(Ce===T?(t.__h=[],T.__h=[],t.__.some(function(r){r.__N&&(r.__=r.__N),r.u=r.__N=void 0})):(t.__h.some(me),t.__h.some(Oe),t.__h=[],W=0)),Ce=T},S.diffed=function(e){it&&it(e);var t=e.__c;t&&t.__H&&(t.__H.__h.length&&(It.push(t)!==1&&tt===S.requestAnimationFrame||((tt=S.requestAnimationFrame)||rr)(tr)),t.__H.__.some(function(r){r.u&&(r.__H=r.u,r.u=void 0)})),Ce=T=null},S.__c=function(e,t){t.some(function(r){try{r.__h.some(me),r.__h=r.__h.filter(function(n){return!n.__||Oe(n)})}catch(n){t.some(function(o){o.__h&&(o.__h=[])}),t=[],S.__e(n,r.__v)}}),ot&&ot(e,t)},S.unmount=function(e){st&&st(e);var t,r=e.__c;r&&r.__H&&(r.__H.__.some(function(n){try{me(n)}catch(o){t=o}}),r.__H=void 0,t&&S.__e(t,r.__v))};var ct=typeof requestAnimationFrame=="function";function rr(e){var t,r=function(){clearTimeout(n),ct&&cancelAnimationFrame(t),setTimeout(e)},n=setTimeout(r,35);ct&&(t=requestAnimationFrame(r))}function me(e){var t=T,r=e.__c;typeof r=="function"&&(e.__c=void 0,r()),T=t}function Oe(e){var t=T;e.__c=e.__(),T=t}function Ke(e,t){return!e||e.length!==t.length||t.some(function(r,n){return r!==e[n]})}function Dt(e,t){return typeof t=="function"?t(e):t}let Q,X;function nr(e){return!X||(typeof X=="string"?e.startsWith(X):X.test(e))}function ir(e,t){let r="";if(Q=void 0,t&&t.type==="click"){if(t.ctrlKey||t.metaKey||t.altKey||t.shiftKey||t.button!==0)return e;const n=t.composedPath().find(i=>i.nodeName=="A"&&i.href),o=n&&n.getAttribute("href");if(!n||n.origin!=location.origin||/^#/.test(o)||!/^(_?self)?$/i.test(n.target)||!nr(o)||n.download)return e;Q=!0,t.preventDefault(),r=n.href.replace(location.origin,"")}else t&&t.url?(Q=!t.replace,r=t.url):r=location.pathname+location.search;return Q===!0?history.pushState(null,"",r):Q===!1&&history.replaceState(null,"",r),r}const or=(e,t,r={})=>{e=e.split("/").filter(Boolean),t=(t||"").split("/").filter(Boolean),r.params||(r.params={});for(let n=0,o,i;n<Math.max(e.length,t.length);n++){let[,a,u,_]=(t[n]||"").match(/^(:?)(.*?)([+*?]?)$/);if(o=e[n],!(!a&&u==o)){if(!a&&o&&_=="*"){r.rest="/"+e.slice(n).join("/");break}if(!a||!o&&_!="?"&&_!="*")return;if(i=_=="+"||_=="*",i?o=e.slice(n).map(decodeURIComponent).join("/")||void 0:o&&(o=decodeURIComponent(o)),r.params[u]=o,u in r||(r[u]=o),i)break}}return r};function ce(e){const[t,r]=Qe(ir,e.url||location.pathname+location.search);e.scope&&(X=e.scope);const n=Q===!0,o=J(()=>{const i=new URL(t,location.origin),a=i.pathname.replace(/\/+$/g,"")||"/";return{url:t,path:a,query:Object.fromEntries(i.searchParams),route:(u,_)=>r({url:u,replace:_}),back:()=>{history.back()},forward:()=>{history.forward()},wasPush:n}},[t]);return Pt(()=>(addEventListener("click",r),addEventListener("popstate",r),()=>{removeEventListener("click",r),removeEventListener("popstate",r)}),[]),R(ce.ctx.Provider,{value:o},e.children)}const sr=Promise.resolve();function Ct(e){const[t,r]=Qe(E=>E+1,0),{url:n,query:o,wasPush:i,path:a}=Ae();if(!n)throw new Error("preact-iso's <Router> must be used within a <LocationProvider>, see: https://github.com/preactjs/preact-iso#locationprovider");const{rest:u=a,params:_={}}=Je(He),c=D(!1),f=D(a),h=D(1),s=D(),d=D(),v=D(),k=D(!1),m=D();m.current=!1;let w,g,F;Et(e.children).some(E=>{if(or(u,E.props.path,F={...E.props,path:u,query:o,params:Object.assign({},_),rest:""}))return w=et(E,F);E.props.default&&(g=et(E,F))});let I=w||g;const x=s.current&&s.current.__u&fe&&s.current.__u&he,q=s.current&&s.current.__h,de=J(()=>{d.current=s.current,s.current=R(He.Provider,{value:F},I);const E=d.current&&d.current.props.children;return!E||!I||I.type!==E.type||I.props.component!==E.props.component?(h.current++,!0):!1},[n,JSON.stringify(F)]);x?(s.current.__u|=fe,s.current.__u|=he):q&&(s.current.__h=!0);const B=d.current;return d.current=null,this.__c=(E,A)=>{m.current=!0,d.current=B,e.onLoadStart&&e.onLoadStart(n),c.current=!0;let M=h.current;E.then(()=>{M===h.current&&(d.current=null,s.current&&(A.__h&&(s.current.__h=A.__h),A.__u&he&&(s.current.__u|=he),A.__u&fe&&(s.current.__u|=fe)),sr.then(r))})},Pt(()=>{const E=this.__v&&this.__v.__e;if(m.current){!k.current&&!v.current&&(v.current=E);return}!k.current&&v.current&&(v.current!==E&&v.current.remove(),v.current=null),k.current=!0,f.current!==a&&(i&&scrollTo(0,0),e.onRouteChange&&e.onRouteChange(n),f.current=a),e.onLoadEnd&&c.current&&e.onLoadEnd(n),c.current=!1},[a,i,t]),de?[R(xe,{r:s,key:h.current}),R(xe,{r:d,key:h.current-1})]:R(xe,{r:s,key:h.current})}const fe=32,he=128,xe=({r:e})=>e.current;Ct.Provider=ce;ce.ctx=Ut({});const He=Ut({}),P=e=>R(e.component,e),Ae=()=>Je(ce.ctx),kn=()=>Je(He),ut=p.__b;p.__b=e=>{e.type&&e.type._forwarded&&e.ref&&(e.props.ref=e.ref,e.ref=null),ut&&ut(e)};function ue(e){let t,r;const n=()=>e().then(i=>r=i&&i.default||i),o=i=>{const[,a]=H(0),u=D(r);if(t||(t=n()),r!==void 0)return R(r,i);throw u.current||(u.current=t.then(()=>a(1))),t};return o.preload=()=>(t||(t=n()),t),o._forwarded=!0,o}const lt=p.__e;p.__e=(e,t,r)=>{if(e&&e.then){let n=t;for(;n=n.__;)if(n.__c&&n.__c.__c)return t.__e==null&&(t.__c.__z=[r.__e],t.__e=r.__e,t.__k=r.__k),t.__k||(t.__k=[]),n.__c.__c(e,t)}lt&&lt(e,t,r)};function ar(e){return this.__c=cr,this.componentDidCatch=e.onError,e.children}function cr(e){e.then(()=>this.forceUpdate())}var ur=Symbol.for("preact-signals");function Ue(){if(N>1)N--;else{var e,t=!1;for((function(){var o=ke;for(ke=void 0;o!==void 0;){var i=o.S;if(i.v===o.v)for(var a=i.t;a!==void 0;a=a.x)a.i===o.i&&(a.i=i.i);o=o.o}})();re!==void 0;){var r=re;for(re=void 0,Ee++;r!==void 0;){var n=r.u;if(r.u=void 0,r.f&=-3,!(8&r.f)&&Rt(r))try{r.c()}catch(o){t||(e=o,t=!0)}r=n}}if(Ee=0,N--,t)throw e}}function lr(e){if(N>0)return e();qe=++dr,N++;try{return e()}finally{Ue()}}var te,y=void 0;function Ie(e){var t=y,r=te;y=void 0,te=void 0;try{return e()}finally{y=t,te=r}}var re=void 0,N=0,Ee=0,dr=0,qe=0,ke=void 0,be=0;function xt(e){if(y!==void 0){var t=e.n;if(t===void 0||t.t!==y)return t={i:0,S:e,p:y.s,n:void 0,t:y,e:void 0,x:void 0,r:t},y.s!==void 0&&(y.s.n=t),y.s=t,e.n=t,32&y.f&&e.S(t),t;if(t.i===-1)return t.i=0,t.n!==void 0&&(t.n.p=t.p,t.p!==void 0&&(t.p.n=t.n),t.p=y.s,t.n=void 0,y.s.n=t,y.s=t),t}}function b(e,t){this.v=e,this.i=0,this.n=void 0,this.t=void 0,this.l=0,this.W=t?.watched,this.Z=t?.unwatched,this.name=t?.name}b.prototype.brand=ur;b.prototype.h=function(){return!0};b.prototype.S=function(e){var t=this,r=this.t;r!==e&&e.e===void 0&&(e.x=r,this.t=e,r!==void 0?r.e=e:Ie(function(){var n;(n=t.W)==null||n.call(t)}))};b.prototype.U=function(e){var t=this;if(this.t!==void 0){var r=e.e,n=e.x;r!==void 0&&(r.x=n,e.e=void 0),n!==void 0&&(n.e=r,e.x=void 0),e===this.t&&(this.t=n,n===void 0&&Ie(function(){var o;(o=t.Z)==null||o.call(t)}))}};b.prototype.subscribe=function(e){var t=this;return le(function(){var r=t.value;Ie(function(){return e(r)})},{name:"sub"})};b.prototype.valueOf=function(){return this.value};b.prototype.toString=function(){return this.value+""};b.prototype.toJSON=function(){return this.value};b.prototype.peek=function(){var e=this;return Ie(function(){return e.value})};Object.defineProperty(b.prototype,"value",{get:function(){var e=xt(this);return e!==void 0&&(e.i=this.i),this.v},set:function(e){if(e!==this.v){if(Ee>100)throw new Error("Cycle detected");(function(r){N!==0&&Ee===0&&r.l!==qe&&(r.l=qe,ke={S:r,v:r.v,i:r.i,o:ke})})(this),this.v=e,this.i++,be++,N++;try{for(var t=this.t;t!==void 0;t=t.x)t.t.N()}finally{Ue()}}}});function Pe(e,t){return new b(e,t)}function Rt(e){for(var t=e.s;t!==void 0;t=t.n)if(t.S.i!==t.i||!t.S.h()||t.S.i!==t.i)return!0;return!1}function Nt(e){for(var t=e.s;t!==void 0;t=t.n){var r=t.S.n;if(r!==void 0&&(t.r=r),t.S.n=t,t.i=-1,t.n===void 0){e.s=t;break}}}function Lt(e){for(var t=e.s,r=void 0;t!==void 0;){var n=t.p;t.i===-1?(t.S.U(t),n!==void 0&&(n.n=t.n),t.n!==void 0&&(t.n.p=n)):r=t,t.S.n=t.r,t.r!==void 0&&(t.r=void 0),t=n}e.s=r}function z(e,t){b.call(this,void 0,t),this.x=e,this.s=void 0,this.g=be-1,this.f=4}z.prototype=new b;z.prototype.h=function(){if(this.f&=-3,1&this.f)return!1;if((36&this.f)==32||(this.f&=-5,this.g===be))return!0;if(this.g=be,this.f|=1,this.i>0&&!Rt(this))return this.f&=-2,!0;var e=y;try{Nt(this),y=this;var t=this.x();(16&this.f||this.v!==t||this.i===0)&&(this.v=t,this.f&=-17,this.i++)}catch(r){this.v=r,this.f|=16,this.i++}return y=e,Lt(this),this.f&=-2,!0};z.prototype.S=function(e){if(this.t===void 0){this.f|=36;for(var t=this.s;t!==void 0;t=t.n)t.S.S(t)}b.prototype.S.call(this,e)};z.prototype.U=function(e){if(this.t!==void 0&&(b.prototype.U.call(this,e),this.t===void 0)){this.f&=-33;for(var t=this.s;t!==void 0;t=t.n)t.S.U(t)}};z.prototype.N=function(){if(!(2&this.f)){this.f|=6;for(var e=this.t;e!==void 0;e=e.x)e.t.N()}};Object.defineProperty(z.prototype,"value",{get:function(){if(1&this.f)throw new Error("Cycle detected");var e=xt(this);if(this.h(),e!==void 0&&(e.i=this.i),16&this.f)throw this.v;return this.v}});function je(e,t){return new z(e,t)}function Mt(e){var t=e.j;if(e.j=void 0,typeof t=="function"){N++;var r=y;y=void 0;try{t()}catch(n){throw e.f&=-2,e.f|=8,Ze(e),n}finally{y=r,Ue()}}}function Ze(e){for(var t=e.s;t!==void 0;t=t.n)t.S.U(t);e.x=void 0,e.s=void 0,Mt(e)}function _r(e){if(y!==this)throw new Error("Out-of-order effect");Lt(this),y=e,this.f&=-2;try{8&this.f&&Ze(this)}finally{Ue()}}function K(e,t){this.x=e,this.j=void 0,this.s=void 0,this.u=void 0,this.f=32,this.name=t?.name,te&&te.push(this)}K.prototype.c=function(){var e=this.S();try{if(8&this.f||this.x===void 0)return;var t=this.x();typeof t=="function"&&(this.j=t)}finally{e()}};K.prototype.S=function(){if(1&this.f)throw new Error("Cycle detected");this.f|=1,this.f&=-9,Mt(this),Nt(this),N++;var e=y;return y=this,_r.bind(this,e)};K.prototype.N=function(){2&this.f||(this.f|=2,this.u=re,re=this)};K.prototype.d=function(){this.f|=8,1&this.f||Ze(this)};K.prototype.dispose=function(){this.d()};function le(e,t){var r=new K(e,t);try{r.c()}catch(o){throw r.d(),o}var n=r.d.bind(r);return n[Symbol.dispose]=n,n}var Ot,pe,fr=typeof window<"u"&&!!window.__PREACT_SIGNALS_DEVTOOLS__,Ht=[];le(function(){Ot=this.N})();function Z(e,t){p[e]=t.bind(null,p[e]||function(){})}function ne(e){if(pe){var t=pe;pe=void 0,t()}pe=e&&e.S()}function qt(e){var t=this,r=e.data,n=pr(r);n.name="ReactiveDom",n.value=r;var o=J(function(){for(var u=t,_=t.__v;_=_.__;)if(_.__c){_.__c.__$f|=4;break}var c=je(function(){var d=n.value.value;return d===0?0:d===!0?"":d||""}),f=je(function(){return!Array.isArray(c.value)&&!gt(c.value)}),h=le(function(){if(this.N=jt,f.value){var d=c.value;u.__v&&u.__v.__e&&u.__v.__e.nodeType===3&&(u.__v.__e.data=d)}}),s=t.__$u.d;return t.__$u.d=function(){h(),s.call(this)},[f,c]},[]),i=o[0],a=o[1];return i.value?a.peek():a.value}qt.displayName="ReactiveTextNode";Object.defineProperties(b.prototype,{constructor:{configurable:!0,value:R(G,null).constructor},type:{configurable:!0,value:qt},props:{configurable:!0,get:function(){var e=this;return{data:{get value(){return e.value}}}}},__b:{configurable:!0,value:1}});Z("__b",function(e,t){if(ne(),typeof t.type=="string"){var r,n=t.props;for(var o in n)if(o!=="children"){var i=n[o];i instanceof b&&(r||(t.__np=r={}),r[o]=i,n[o]=i.peek())}}e(t)});Z("__r",function(e,t){if(e(t),t.type!==G){ne();var r,n=t.__c;n&&(n.__$f&=-2,(r=n.__$u)===void 0&&(n.__$u=r=(function(o,i){var a;return le(function(){a=this},{name:i}),a.c=o,a})((function(o){return function(){var i;fr&&((i=this.y)==null||i.call(this)),o.__$f|=1,o.setState({})}})(n),typeof t.type=="function"?t.type.displayName||t.type.name:""))),ne(r)}});Z("__e",function(e,t,r,n){ne(),e(t,r,n)});Z("diffed",function(e,t){ne();var r;if(typeof t.type=="string"&&(r=t.__e)){var n=t.__np,o=t.props,i=r.U;if(i)for(var a in i){var u=i[a];u===void 0||n&&a in n||(u.d(),i[a]=void 0)}if(n){i||(i={},r.U=i);for(var _ in n){var c=i[_],f=n[_];c===void 0?(c=hr(r,_,f,o),i[_]=c):c.o(f,o)}}}e(t)});function hr(e,t,r,n){var o=t in e&&e.ownerSVGElement===void 0,i=Pe(r);return{o:function(a,u){i.value=a,n=u},d:le(function(){this.N=jt;var a=i.value.value;n[t]!==a&&(n[t]=a,o?e[t]=a:a!=null&&(a!==!1||t[4]==="-")?e.setAttribute(t,a):e.removeAttribute(t))})}}Z("unmount",function(e,t){if(typeof t.type=="string"){var r=t.__e;if(r){var n=r.U;if(n){r.U=void 0;for(var o in n){var i=n[o];i&&i.d()}}}var a=t.__np;if(a){var u=t.props;for(var _ in a)u[_]=a[_]}t.__np=void 0}else{var c=t.__c;if(c){c.__$f|=8;var f=c.__$u;f&&(c.__$u=void 0,f.d())}}e(t)});Z("__h",function(e,t,r,n){n<3&&(t.__$f|=2),e(t,r,n)});ee.prototype.shouldComponentUpdate=function(e,t){if(this.__R)return!0;var r=this.__$u,n=r&&r.s!==void 0;for(var o in t)return!0;if(this.__f||typeof this.u=="boolean"&&this.u===!0){var i=2&this.__$f;if(!(n||i||4&this.__$f)||1&this.__$f)return!0}else if(!(n||4&this.__$f)||3&this.__$f)return!0;for(var a in e)if(a!=="__source"&&e[a]!==this.props[a])return!0;for(var u in this.props)if(!(u in e))return!0;return!1};function pr(e,t){return J(function(){return Pe(e,t)},[])}var gr=function(e){queueMicrotask(function(){queueMicrotask(e)})};function vr(){lr(function(){for(var e;e=Ht.shift();)Ot.call(e)})}function jt(){Ht.push(this)===1&&(p.requestAnimationFrame||gr)(vr)}const L=Pe(null),ye=Pe(!1),Wt=je(()=>L.value?.scopes.includes("write")??!1);function Gt(){const e=L.value?.csrfToken;if(e)return e;const t=document.cookie.match(/(?:^|;\s*)etp_csrf=([^;]+)/);return t?decodeURIComponent(t[1]):""}async function zt(){try{const e=await fetch("/session",{credentials:"same-origin",headers:{Accept:"application/json"}});L.value=e.ok?await e.json():null}catch{L.value=null}return ye.value=!0,L.value}async function mr(e){try{const t=await e.json();return t.detail||t.title||`Sign-in failed (${e.status})`}catch{return`Sign-in failed (${e.status})`}}async function yr(e){const t=await fetch("/session",{method:"POST",credentials:"same-origin",headers:{"Content-Type":"application/json",Accept:"application/json"},body:JSON.stringify({apiKey:e})});return t.ok?await zt()?null:"Signed in, but the session could not be read back.":mr(t)}async function Tr(){try{await fetch("/session",{method:"DELETE",credentials:"same-origin",headers:{"X-CSRF-Token":Gt()}})}finally{L.value=null}}const dt="/triggers";function $r(e){return e==="/"||e==="/signin"||e.startsWith("/signin?")?"/signin":`/signin?next=${encodeURIComponent(e)}`}function Bt(e){return!e||!e.startsWith("/")||e.startsWith("//")||e.startsWith("/\\")||e.startsWith("/signin")?dt:e}var wr=0;function l(e,t,r,n,o,i){t||(t={});var a,u,_=t;if("ref"in _)for(u in _={},t)u=="ref"?a=t[u]:_[u]=t[u];var c={type:e,props:_,key:r,ref:a,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:--wr,__i:-1,__u:0,__source:o,__self:i};if(typeof e=="function"&&(a=e.defaultProps))for(u in a)_[u]===void 0&&(_[u]=a[u]);return p.vnode&&p.vnode(c),c}const Sr=[{href:"/triggers",label:"Triggers"},{href:"/events",label:"Events"},{href:"/try",label:"Try a definition"}];function Er({children:e}){const{path:t,route:r}=Ae(),n=L.value;return l(G,{children:[l("a",{class:"skip",href:"#main",children:"Skip to content"}),l("header",{class:"top",children:[l("span",{class:"brand",children:"Event triggers"}),l("nav",{"aria-label":"Main",children:l("ul",{children:Sr.map(o=>{const i=t===o.href||o.href!=="/"&&t.startsWith(o.href+"/");return l("li",{children:l("a",{href:o.href,"aria-current":i?"page":void 0,children:o.label})},o.href)})})}),l("div",{class:"who",children:[l("span",{class:"key-name",children:n?.keyName}),!Wt.value&&l("span",{class:"badge",children:"read-only"}),l("a",{href:"/graphql",target:"_top",class:"graphiql-link",children:"GraphiQL"}),l("button",{type:"button",class:"secondary",onClick:async()=>{await Tr(),r("/signin",!0)},children:"Sign out"})]})]}),l("main",{id:"main",tabIndex:-1,children:e})]})}function kr(){const{route:e,query:t}=Ae(),[r,n]=H(null),[o,i]=H(!1),a=D(null);Fe(()=>{document.title="Sign in · Event triggers",a.current?.focus()},[]);const u=async _=>{_.preventDefault();const c=a.current,f=c.value.trim();if(!f){n("Enter an API key.");return}i(!0),n(null);try{const h=await yr(f);h?(n(h),c.focus(),c.select()):(c.value="",e(Bt(t.next),!0))}catch{n("The server cannot be reached.")}finally{i(!1)}};return l("section",{class:"signin","aria-labelledby":"signin-h",children:[l("h1",{id:"signin-h",children:"Sign in"}),l("p",{children:"Sign in with an API key. It is exchanged for a session cookie and not stored by this page."}),l("form",{onSubmit:u,method:"post",action:"/session",children:[l("label",{for:"api-key",children:"API key"}),l("input",{id:"api-key",name:"apiKey",type:"password",autoComplete:"off",spellcheck:!1,ref:a,"aria-invalid":r?"true":void 0,"aria-describedby":r?"api-key-error":void 0}),l("button",{type:"submit",disabled:o,children:"Sign in"}),l("div",{role:"alert",class:"error",id:"api-key-error",children:r})]})]})}class $ extends String{__apiType;value;__meta__;constructor(t,r){super(t),this.value=t,this.__meta__=r}toString(){return this.value}}new $(`
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
}`,{fragmentName:"EventResult"});const br=new $(`
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
}`),Fr=new $(`
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
}`),Ar=new $(`
    query Counts {
  eventCounts {
    triggerId
    triggerName
    active
    archived
  }
}
    `),Ur=new $(`
    query Rate($triggerId: ID, $since: DateTime) {
  eventRate(triggerId: $triggerId, since: $since, bucketSeconds: 60) {
    start
    count
  }
}
    `),Ir=new $(`
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
}`),Pr=new $(`
    query Preview($schedule: ScheduleInput!) {
  previewSchedule(schedule: $schedule, count: 5)
  describeSchedule(schedule: $schedule)
}
    `),Dr=new $(`
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
}`),Cr=new $(`
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
}`),xr=new $(`
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
}`),Rr=new $(`
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
}`),Nr=new $(`
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
}`),Lr=new $(`
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
}`),Mr=new $(`
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
}`),Or=new $(`
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
}`),Hr=new $(`
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
}`),qr=new $(`
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
}`),jr=new $(`
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
}`),bn=new $(`
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
}`);class ge extends Error{constructor(t,r,n=[]){super(t),this.code=r,this.fieldErrors=n}code;fieldErrors}async function U(e,t){const r=e.toString();let n;try{n=await fetch("/graphql",{method:"POST",credentials:"same-origin",headers:{"Content-Type":"application/json",Accept:"application/graphql-response+json, application/json","X-CSRF-Token":Gt()},body:JSON.stringify({query:r,variables:t})})}catch{throw new ge("The server cannot be reached.")}let o;try{o=await n.json()}catch{throw new ge(`The server answered ${n.status}.`)}const i=o.errors?.[0];if(i){const a=i.extensions?.code;(a==="UNAUTHENTICATED"||n.status===401)&&(L.value=null);const u=(i.extensions?.errors??[]).map(_=>({code:a??"INVALID",field:_.field??null,message:_.message}));throw new ge(i.message,a,u)}if(!o.data)throw new ge(`The server answered ${n.status} without data.`);return o.data}const Qt=e=>({items:e.edges,hasNextPage:e.pageInfo.hasNextPage,endCursor:e.pageInfo.endCursor}),Wr=br;async function Gr(e=null){const t=await U(Wr,{after:e});return Qt(t.triggers)}async function zr(){const e=[];let t=null;for(;;){const r=await Gr(t);if(e.push(...r.items.map(n=>n.node)),!r.hasNextPage||!r.endCursor)return e;t=r.endCursor}}const Br=Fr;async function Fn(e){return(await U(Br,{id:e})).trigger}const Qr=Ar;async function Jr(){return(await U(Qr,{})).eventCounts}async function Kr(e){const t=new Map;for(let r=0;r<e.length;r+=25){const n=e.slice(r,r+25),o={},i=n.map((c,f)=>`$t${f}: ID!`).join(", "),a=n.map((c,f)=>(o[`t${f}`]=c,`e${f}: events(triggerId: $t${f}, includeTest: true, first: 1) { edges { node { firedAt } } }`)).join(`
`),u=new $(`query LastEvents(${i}) { ${a} }`),_=await U(u,o);n.forEach((c,f)=>{const h=_[`e${f}`]?.edges[0];h&&t.set(c,h.node.firedAt)})}return t}const Zr=Ur;async function An(e,t){return(await U(Zr,{triggerId:e,since:t})).eventRate}const Xr=Ir;async function Un(e,t,r){const n=await U(Xr,{status:e.status,triggerId:e.triggerId||null,source:e.source||null,includeTest:!!e.includeTest,since:e.since||null,until:e.until||null,payloadContains:e.payloadContains??null,first:t,after:r});return Qt(n.events)}const Yr=Pr;async function In(e){const t=await U(Yr,{schedule:e});return{times:t.previewSchedule,description:t.describeSchedule}}const Vr=Dr;async function Pn(e){return(await U(Vr,{input:e})).r}const en=Cr;async function Dn(e){return(await U(en,{input:e})).r}const tn=xr;async function Cn(e,t){return(await U(tn,{id:e,input:t})).r}const rn=Rr,nn=Nr,on=Lr,sn={pauseTrigger:rn,resumeTrigger:nn,rotateHookToken:on};async function xn(e,t){return(await U(sn[e],{id:t})).r}const an=Mr;async function Rn(e){return(await U(an,{id:e})).r}const cn=Or,un=Hr;async function Nn(e,t,r){return(await U(t?un:cn,{id:e})).r}const ln=qr;async function Ln(e,t){return(await U(ln,{input:e,fireAt:t})).r}function Mn(e){const t=new URLSearchParams;return t.set("status",e.status),e.triggerId&&t.set("triggerId",e.triggerId),e.source&&t.set("source",e.source),t.set("includeTest",e.includeTest?"true":"false"),e.since&&t.set("since",e.since),e.until&&t.set("until",e.until),e.payloadContains!==void 0&&e.payloadContains!==null&&t.set("payloadContains",JSON.stringify(e.payloadContains)),`/events/export.ndjson?${t.toString()}`}const dn=jr;async function On(e){return(await U(dn,{id:e})).event}const _n=new Intl.DateTimeFormat(void 0,{year:"numeric",month:"short",day:"2-digit",hour:"2-digit",minute:"2-digit",second:"2-digit",timeZoneName:"short"}),fn=new Intl.DateTimeFormat("en-GB",{year:"numeric",month:"short",day:"2-digit",hour:"2-digit",minute:"2-digit",second:"2-digit",timeZone:"UTC",timeZoneName:"short"}),Hn=Intl.DateTimeFormat().resolvedOptions().timeZone;function hn(e){return e?_n.format(new Date(e)):"—"}function _t(e){return e?fn.format(new Date(e)):"—"}function qn(e){if(!e)return null;const t=new Date(e);return Number.isNaN(t.getTime())?null:t.toISOString()}function jn(e){if(!e)return"";const t=new Date(e);if(Number.isNaN(t.getTime()))return"";const r=n=>String(n).padStart(2,"0");return`${t.getFullYear()}-${r(t.getMonth()+1)}-${r(t.getDate())}T${r(t.getHours())}:${r(t.getMinutes())}:${r(t.getSeconds())}`}function ft({iso:e,inline:t=!1}){return e?l("time",{dateTime:e,title:_t(e),class:t?"time inline":"time",children:[l("span",{class:"local",children:hn(e)}),l("span",{class:"utc",children:_t(e)})]}):l("span",{children:"—"})}function pn({errors:e}){return l("div",{role:"alert",class:e.length?"alert":"alert empty",children:e.length>0&&l("ul",{children:e.map((t,r)=>l("li",{children:typeof t=="string"?t:t.message},r))})})}function gn(e){return e instanceof Error?e.message:String(e)}function Re(){const[e,t]=H(null),[r,n]=H(new Map),[o,i]=H(new Map),[a,u]=H(null),[_,c]=H(()=>new URLSearchParams(location.search).get("q")??"");Fe(()=>{document.title="Triggers · Event triggers";let s=!0;return(async()=>{try{const d=await zr();if(!s)return;t(d);const[v,k]=await Promise.all([Jr(),Kr(d.map(m=>m.id))]);if(!s)return;n(new Map(v.map(m=>[m.triggerId,m]))),i(k)}catch(d){s&&u(gn(d))}})(),()=>{s=!1}},[]);const f=J(()=>{const s=_.trim().toLowerCase();return(e??[]).filter(d=>!s||d.name.toLowerCase().includes(s))},[e,_]),h=s=>{c(s);const d=new URL(location.href);s?d.searchParams.set("q",s):d.searchParams.delete("q"),history.replaceState(history.state,"",d.pathname+d.search)};return l("section",{"aria-labelledby":"triggers-h",children:[l("div",{class:"page-head",children:[l("h1",{id:"triggers-h",children:"Triggers"}),Wt.value&&l("a",{class:"button",href:"/triggers/new",children:"New trigger"})]}),l("div",{class:"toolbar",role:"search",children:[l("label",{for:"trigger-search",class:"visually-hidden",children:"Search triggers"}),l("input",{id:"trigger-search",type:"search",placeholder:"Search by name",value:_,onInput:s=>h(s.currentTarget.value)})]}),l(pn,{errors:a?[a]:[]}),e===null&&!a&&l("p",{role:"status",children:"Loading triggers…"}),e!==null&&l("div",{class:"table-wrap",children:[l("table",{"aria-label":"Triggers",children:[l("thead",{children:l("tr",{children:[l("th",{scope:"col",children:"Name"}),l("th",{scope:"col",children:"Kind"}),l("th",{scope:"col",children:"Schedule"}),l("th",{scope:"col",children:"Next fire"}),l("th",{scope:"col",children:"Paused"}),l("th",{scope:"col",children:"Missed"}),l("th",{scope:"col",children:"Last event"}),l("th",{scope:"col",children:"Active"}),l("th",{scope:"col",children:"Archived"})]})}),l("tbody",{children:f.map(s=>{const d=r.get(s.id);return l("tr",{"data-trigger-id":s.id,children:[l("td",{children:l("a",{href:`/triggers/${s.id}`,children:s.name})}),l("td",{children:s.kind==="API"?"API":"Scheduled"}),l("td",{children:s.schedule?s.schedule.description:"Webhook"}),l("td",{children:l(ft,{iso:s.nextFireAt})}),l("td",{children:s.paused?l("span",{class:"badge warn",children:"Paused"}):"No"}),l("td",{class:"num",children:s.missedFirings}),l("td",{children:l(ft,{iso:o.get(s.id)})}),l("td",{class:"num",children:d?.active??0}),l("td",{class:"num",children:d?.archived??0})]},s.id)})})]}),f.length===0&&l("p",{children:e.length?"No trigger matches the search.":"No triggers yet."})]})]})}const vn=ue(()=>ie(()=>import("./TriggerDetail-DXTRtKar.js"),__vite__mapDeps([0,1,2,3,4])).then(e=>e.TriggerDetail)),ht=ue(()=>ie(()=>import("./TriggerForm-G_0Sw_sy.js"),__vite__mapDeps([5,6,1])).then(e=>e.TriggerFormPage)),mn=ue(()=>ie(()=>import("./Try-ZFN2pfd-.js"),__vite__mapDeps([7,6,1])).then(e=>e.TryPage)),yn=ue(()=>ie(()=>import("./Events-CVKizHge.js"),__vite__mapDeps([8,2,3,4,6,1])).then(e=>e.EventsPage)),Tn=ue(()=>ie(()=>import("./EventPage-Cs596hUc.js"),__vite__mapDeps([9,4,1])).then(e=>e.EventPage));function $n(){return l("section",{"aria-labelledby":"nf",children:[l("h1",{id:"nf",children:"Page not found"}),l("p",{children:l("a",{href:"/triggers",children:"Go to the triggers"})})]})}function wn(){const{path:e,url:t,query:r,route:n}=Ae(),o=L.value!==null,i=e==="/signin";return Fe(()=>{ye.value&&(!o&&!i?n($r(t),!0):o&&i?n(Bt(r.next),!0):o&&e==="/"&&n("/triggers",!0))},[o,i,e,t,ye.value]),ye.value?o?l(Er,{children:l(ar,{children:l(Ct,{children:[l(P,{path:"/triggers",component:Re}),l(P,{path:"/triggers/new",component:ht}),l(P,{path:"/triggers/:id/edit",component:ht}),l(P,{path:"/triggers/:id",component:vn}),l(P,{path:"/try",component:mn}),l(P,{path:"/events",component:yn}),l(P,{path:"/events/:id",component:Tn}),l(P,{path:"/signin",component:Re}),l(P,{path:"/",component:Re}),l(P,{default:!0,component:$n})]})})}):l("main",{id:"main",children:l(kr,{})}):l("main",{id:"main",children:l("p",{role:"status",children:"Loading…"})})}function Sn(){return Fe(()=>{zt()},[]),l(ce,{children:l(wn,{})})}er(l(Sn,{}),document.getElementById("app"));export{D as A,jn as B,zt as C,Un as D,On as E,ee as F,ge as G,bn as L,G as S,J as T,gn as a,kn as b,Ae as c,H as d,An as e,Jr as f,Fn as g,Fe as h,pn as i,Wt as j,ft as k,hn as l,_t as m,Nn as n,Rn as o,Cn as p,Dn as q,Pn as r,In as s,xn as t,l as u,Hn as v,qn as w,Ln as x,zr as y,Mn as z};
