
// A table's sticky header row sits below the theme's sticky article bar, never behind it: its offset is
// the bar's measured height (CSS falls back to 3.5rem before this runs).
(function(){
  function place(){
    var bar=document.querySelector('.bd-header-article'), h=0;
    if(bar){var pos=getComputedStyle(bar).position; if(pos==='sticky'||pos==='fixed'){h=bar.getBoundingClientRect().height;}}
    document.documentElement.style.setProperty('--site-sticky-top',Math.ceil(h)+'px');
  }
  if(document.readyState==='loading'){document.addEventListener('DOMContentLoaded',place);}else{place();}
  window.addEventListener('resize',place);
})();
// Print every folded detail (the run's parameters): open them before printing, close them again after.
(function(){
  var opened=[];
  window.addEventListener('beforeprint',function(){
    document.querySelectorAll('details:not([open])').forEach(function(d){d.open=true;opened.push(d);});
  });
  window.addEventListener('afterprint',function(){opened.forEach(function(d){d.open=false;});opened=[];});
})();
